"""The guests read model in Postgres: source invitations as the gateway announces them, and what they let a guest
take on one environment.

The gateway's messages about one invitation can arrive in any order (a consumer handles several at once, and a
retried one comes back later): every message first makes sure the invitation's row exists, a deletion leaves a
tombstone, and permissions and per-environment settings apply only if newer than those held.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from common.unit_of_work import UnitOfWork, Work
from streams.domain.guests import Access, Invitation, access

# the gateway's defaults for an invitation until its permissions are first changed
DEFAULTS = (True, False, False, 1)  # registered, show_all_channels, show_all_events, max_destinations


class PostgresGuests:
    def __init__(self, conn: Any, schema: str) -> None:
        self.conn, self.s = conn, schema

    async def access(self, guest_id: int, owner_id: int, environment_id: uuid.UUID) -> Access:
        rows = await self.conn.fetch(
            f"""SELECT i.registered, coalesce(e.show_all_channels, i.show_all_channels) AS show_all_channels,
                       i.show_all_events, coalesce(e.max_destinations, i.max_destinations) AS max_destinations,
                       (SELECT count(*) FROM {self.s}.guest_input_grants g
                         WHERE g.invitation_id = i.invitation_id
                           AND (g.environment_id = $3 OR EXISTS (
                                SELECT 1 FROM {self.s}.inputs n WHERE n.organisation_id = i.owner_organisation_id
                                   AND n.id = g.input_id AND n.environment_id = $3 AND NOT n.deleted))
                       ) AS granted_inputs,
                       (SELECT count(*) FROM {self.s}.shown_events v
                         JOIN {self.s}.guest_label_grants l ON l.label_id = ANY(v.label_ids)
                         WHERE l.invitation_id = i.invitation_id AND v.environment_id = $3 AND NOT v.withdrawn
                           AND v.organisation_id = i.owner_organisation_id
                       ) AS granted_events
                FROM {self.s}.guest_invitations i
                LEFT JOIN {self.s}.guest_environment_settings e
                  ON e.invitation_id = i.invitation_id AND e.environment_id = $3
                WHERE i.guest_organisation_id = $1 AND i.owner_organisation_id = $2 AND NOT i.deleted""",
            guest_id, owner_id, environment_id,
        )  # fmt: skip
        return access(Invitation(**dict(row)) for row in rows)

    async def owner_of(self, environment_id: uuid.UUID) -> int | None:
        value = await self.conn.fetchval(
            f"SELECT organisation_id FROM {self.s}.input_environments WHERE id = $1", environment_id
        )
        return None if value is None else int(value)

    async def by_token(self, token_digest: str) -> tuple[int, int | None] | None:
        """The owner and guest organisations of the live invitation a token names."""
        row = await self.conn.fetchrow(
            f"""SELECT owner_organisation_id, guest_organisation_id FROM {self.s}.guest_invitations
                WHERE token_digest = $1 AND NOT deleted""",
            token_digest,
        )
        return None if row is None else (row[0], row[1])

    async def heard(self, invitation_id: uuid.UUID, owner_id: int, guest_id: int | None) -> None:
        """Any message about the invitation: its row exists, with its guest once one is known."""
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_invitations (invitation_id, owner_organisation_id, guest_organisation_id,
                    registered, show_all_channels, show_all_events, max_destinations)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (invitation_id) DO UPDATE SET guest_organisation_id =
                    coalesce(excluded.guest_organisation_id, {self.s}.guest_invitations.guest_organisation_id)""",
            invitation_id, owner_id, guest_id, *DEFAULTS,
        )  # fmt: skip

    async def token(self, invitation_id: uuid.UUID, token_digest: str) -> None:
        await self._set(invitation_id, "token_digest = $2", token_digest or None)

    async def permissions(self, invitation_id: uuid.UUID, as_of: datetime, registered: bool, show_all_channels: bool,
                          show_all_events: bool, max_destinations: int) -> None:  # fmt: skip
        await self.conn.execute(
            f"""UPDATE {self.s}.guest_invitations SET permissions_as_of = $2, registered = $3, show_all_channels = $4,
                    show_all_events = $5, max_destinations = $6
                WHERE invitation_id = $1 AND (permissions_as_of IS NULL OR permissions_as_of <= $2)""",
            invitation_id, as_of, registered, show_all_channels, show_all_events, max_destinations,
        )  # fmt: skip

    async def deleted(self, invitation_id: uuid.UUID) -> None:
        await self._set(invitation_id, "deleted = true")
        for grants in ("guest_input_grants", "guest_label_grants"):
            await self.conn.execute(f"DELETE FROM {self.s}.{grants} WHERE invitation_id = $1", invitation_id)

    async def label_granted(self, invitation_id: uuid.UUID, label_id: uuid.UUID) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_label_grants (invitation_id, label_id)
                SELECT $1, $2 WHERE NOT (SELECT deleted FROM {self.s}.guest_invitations WHERE invitation_id = $1)
                ON CONFLICT DO NOTHING""",
            invitation_id, label_id,
        )  # fmt: skip

    async def label_revoked(self, invitation_id: uuid.UUID, label_id: uuid.UUID) -> None:
        await self.conn.execute(
            f"DELETE FROM {self.s}.guest_label_grants WHERE invitation_id = $1 AND label_id = $2",
            invitation_id,
            label_id,
        )

    async def input_granted(self, invitation_id: uuid.UUID, input_id: str, environment_id: uuid.UUID | None) -> None:
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_input_grants (invitation_id, input_id, environment_id)
                SELECT $1, $2, $3 WHERE NOT (SELECT deleted FROM {self.s}.guest_invitations WHERE invitation_id = $1)
                ON CONFLICT (invitation_id, input_id) DO UPDATE SET environment_id = excluded.environment_id""",
            invitation_id, input_id, environment_id,
        )  # fmt: skip

    async def input_revoked(self, invitation_id: uuid.UUID, input_id: str) -> None:
        grants = f"{self.s}.guest_input_grants"
        await self.conn.execute(
            f"DELETE FROM {grants} WHERE invitation_id = $1 AND input_id = $2", invitation_id, input_id
        )

    async def environment_settings(self, invitation_id: uuid.UUID, environment_id: uuid.UUID, as_of: datetime,
                                   show_all_channels: bool | None, max_destinations: int | None) -> None:  # fmt: skip
        await self.conn.execute(
            f"""INSERT INTO {self.s}.guest_environment_settings AS held (invitation_id, environment_id, as_of,
                    show_all_channels, max_destinations)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (invitation_id, environment_id) DO UPDATE SET as_of = excluded.as_of,
                    show_all_channels = excluded.show_all_channels, max_destinations = excluded.max_destinations
                WHERE held.as_of <= excluded.as_of""",
            invitation_id, environment_id, as_of, show_all_channels, max_destinations,
        )  # fmt: skip

    async def _set(self, invitation_id: uuid.UUID, assignments: str, *values: Any) -> None:
        await self.conn.execute(
            f"UPDATE {self.s}.guest_invitations SET {assignments} WHERE invitation_id = $1", invitation_id, *values
        )


def guests_of(work: UnitOfWork) -> PostgresGuests:
    assert isinstance(work, Work), "the guests read model is read in the unit's own transaction"
    return PostgresGuests(work.conn, work.schema)
