"""The guests read model in Postgres: source invitations as the gateway announces them, and which of an owner's
inputs they show a guest organisation (where it may put alerts).

The gateway's messages about one invitation can arrive in any order (a consumer handles several at once, and a
retried one comes back later): every message first makes sure the invitation's row exists, a deletion leaves a
tombstone, and permissions, grants (a revocation too) and per-environment settings apply only if newer than those
held.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

# An input is shown to a guest while a registered, live invitation from the input's organisation shows it all the
# channels (of the input's environment, where that environment says so), grants it the input (on that
# environment, or on any), or grants it a label of a live event showing the input (decision 75). Placeholders: the
# schema, then SQL naming the guest, owner, environment and input.
SHOWN = """EXISTS (
    SELECT 1 FROM {s}.guest_invitations i
    LEFT JOIN {s}.guest_environment_settings e ON e.invitation_id = i.invitation_id AND e.environment_id = {env}
    WHERE i.guest_organisation_id = {guest} AND i.owner_organisation_id = {owner} AND i.registered AND NOT i.deleted
      AND (coalesce(e.show_all_channels, i.show_all_channels) OR EXISTS (
           SELECT 1 FROM {s}.guest_input_grants g WHERE g.invitation_id = i.invitation_id AND g.input_id = {input}
              AND g.granted AND (g.environment_id IS NULL OR g.environment_id = {env})) OR EXISTS (
           SELECT 1 FROM {s}.shown_events v JOIN {s}.guest_label_grants l ON l.label_id = ANY(v.label_ids)
            WHERE l.invitation_id = i.invitation_id AND l.granted AND NOT v.withdrawn AND v.organisation_id = {owner}
              AND v.environment_id = {env} AND v.input_id = {input})))"""


def shown(schema: str, guest: str, owner: str, env: str, input_id: str) -> str:
    return SHOWN.format(s=schema, guest=guest, owner=owner, env=env, input=input_id)


class PostgresGuests:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def heard(self, invitation_id: uuid.UUID, owner_id: int, guest_id: int | None) -> None:
        """Any message about the invitation: its row exists, with its guest once one is known."""
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_invitations (invitation_id, owner_organisation_id, guest_organisation_id)
                VALUES ($1, $2, $3)
                ON CONFLICT (invitation_id) DO UPDATE SET guest_organisation_id =
                    coalesce(excluded.guest_organisation_id, {self.s}.guest_invitations.guest_organisation_id)""",
            invitation_id, owner_id, guest_id,
        )  # fmt: skip

    async def deleted(self, invitation_id: uuid.UUID) -> None:
        await self.conn.execute(
            f"UPDATE {self.s}.guest_invitations SET deleted = true WHERE invitation_id = $1", invitation_id
        )

    async def permissions(self, invitation_id: uuid.UUID, as_of: datetime, registered: bool,
                          show_all_channels: bool) -> None:  # fmt: skip
        await self.conn.execute(
            f"""UPDATE {self.s}.guest_invitations SET permissions_as_of = $2, registered = $3, show_all_channels = $4
                WHERE invitation_id = $1 AND (permissions_as_of IS NULL OR permissions_as_of <= $2)""",
            invitation_id, as_of, registered, show_all_channels,
        )  # fmt: skip

    async def input_access(self, invitation_id: uuid.UUID, input_id: str, environment_id: uuid.UUID | None,
                           granted: bool, as_of: datetime) -> None:  # fmt: skip
        """A grant or (``granted`` false) its revocation, kept as a row so an older message arriving later loses."""
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_input_grants AS held (invitation_id, input_id, environment_id, granted,
                    as_of) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (invitation_id, input_id) DO UPDATE SET granted = excluded.granted, as_of = excluded.as_of,
                    environment_id = CASE WHEN excluded.granted THEN excluded.environment_id
                                          ELSE held.environment_id END
                WHERE held.as_of <= excluded.as_of""",
            invitation_id, input_id, environment_id, granted, as_of,
        )  # fmt: skip

    async def label_access(self, invitation_id: uuid.UUID, label_id: uuid.UUID, granted: bool,
                           as_of: datetime) -> None:  # fmt: skip
        """A label's grant or (``granted`` false) its revocation, kept so an older message arriving later loses."""
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_label_grants AS held (invitation_id, label_id, granted, as_of)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (invitation_id, label_id) DO UPDATE SET granted = excluded.granted, as_of = excluded.as_of
                WHERE held.as_of <= excluded.as_of""",
            invitation_id, label_id, granted, as_of,
        )  # fmt: skip

    async def environment_settings(self, invitation_id: uuid.UUID, environment_id: uuid.UUID, as_of: datetime,
                                   show_all_channels: bool | None) -> None:  # fmt: skip
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_environment_settings AS held (invitation_id, environment_id, as_of,
                    show_all_channels) VALUES ($1, $2, $3, $4)
                ON CONFLICT (invitation_id, environment_id) DO UPDATE SET as_of = excluded.as_of,
                    show_all_channels = excluded.show_all_channels
                WHERE held.as_of <= excluded.as_of""",
            invitation_id, environment_id, as_of, show_all_channels,
        )  # fmt: skip
