"""The projection of source invitations, with their grants and per-environment settings."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from gateway.adapters.codec import on
from gateway.domain import events as ev


async def _created(conn: Any, s: str, e: RecordedEvent, d: ev.SourceInvitationCreated) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.source_invitations
            (id, source_organisation_id, destination_temporary_name, status, created_by, created_at)
            VALUES ($1, $2, $3, 'pending', $4, $5)""",
        d.invitation_id,
        d.source_organisation_id,
        d.destination_temporary_name,
        d.created_by,
        e.recorded_at,
    )


async def _accepted(conn: Any, s: str, e: RecordedEvent, d: ev.SourceInvitationAccepted) -> None:
    await conn.execute(
        f"""UPDATE {s}.source_invitations SET guest_organisation_id = $2, status = 'accepted', accepted_at = $3
            WHERE id = $1""",
        d.invitation_id,
        d.guest_organisation_id,
        e.recorded_at,
    )


async def _permissions_updated(conn: Any, s: str, e: RecordedEvent, d: ev.SourcePermissionsUpdated) -> None:
    await conn.execute(
        f"""UPDATE {s}.source_invitations SET show_all_channels = $2, show_all_events = $3, billing_source = $4,
            registered = $5, global_max_destinations = $6 WHERE id = $1""",
        d.invitation_id,
        d.show_all_channels,
        d.show_all_events,
        d.billing_source,
        d.registered,
        d.global_max_destinations,
    )


async def _input_granted(conn: Any, s: str, e: RecordedEvent, d: ev.SourceInputGranted) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.source_invitation_inputs (invitation_id, input_id, environment_id, granted_at)
            VALUES ($1, $2, $3, $4)""",
        d.invitation_id,
        d.input_id,
        d.environment_id,
        e.recorded_at,
    )


async def _input_revoked(conn: Any, s: str, e: RecordedEvent, d: ev.SourceInputRevoked) -> None:
    await conn.execute(
        f"DELETE FROM {s}.source_invitation_inputs WHERE invitation_id = $1 AND input_id = $2",
        d.invitation_id,
        d.input_id,
    )


async def _label_granted(conn: Any, s: str, e: RecordedEvent, d: ev.SourceLabelGranted) -> None:
    await conn.execute(
        f"INSERT INTO {s}.source_invitation_labels (invitation_id, label_id, granted_at) VALUES ($1, $2, $3)",
        d.invitation_id,
        d.label_id,
        e.recorded_at,
    )


async def _label_revoked(conn: Any, s: str, e: RecordedEvent, d: ev.SourceLabelRevoked) -> None:
    await conn.execute(
        f"DELETE FROM {s}.source_invitation_labels WHERE invitation_id = $1 AND label_id = $2",
        d.invitation_id,
        d.label_id,
    )


async def _environment_settings(conn: Any, s: str, e: RecordedEvent, d: ev.SourceEnvironmentSettingsChanged) -> None:
    await conn.execute(
        f"""INSERT INTO {s}.source_invitation_environments
            (invitation_id, environment_id, show_all_channels, max_destinations) VALUES ($1, $2, $3, $4)
            ON CONFLICT (invitation_id, environment_id) DO UPDATE
            SET show_all_channels = excluded.show_all_channels, max_destinations = excluded.max_destinations""",
        d.invitation_id,
        d.environment_id,
        d.show_all_channels,
        d.max_destinations,
    )


async def _deleted(conn: Any, s: str, e: RecordedEvent, d: ev.SourceInvitationDeleted) -> None:
    invitation_id = d.invitation_id
    for table in ("source_invitation_inputs", "source_invitation_labels", "source_invitation_environments"):
        await conn.execute(f"DELETE FROM {s}.{table} WHERE invitation_id = $1", invitation_id)
    await conn.execute(f"DELETE FROM {s}.source_invitations WHERE id = $1", invitation_id)


SOURCE_INVITATIONS = Projection(
    "source_invitations",
    ["source_invitations", "source_invitation_inputs", "source_invitation_labels", "source_invitation_environments"],
    dict(
        [
            on(ev.SourceInvitationCreated, _created),
            on(ev.SourceInvitationAccepted, _accepted),
            on(ev.SourcePermissionsUpdated, _permissions_updated),
            on(ev.SourceInputGranted, _input_granted),
            on(ev.SourceInputRevoked, _input_revoked),
            on(ev.SourceLabelGranted, _label_granted),
            on(ev.SourceLabelRevoked, _label_revoked),
            on(ev.SourceEnvironmentSettingsChanged, _environment_settings),
            on(ev.SourceInvitationDeleted, _deleted),
        ]
    ),
)
