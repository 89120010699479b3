"""What the gateway says of source invitations, kept in alerts' guests read model. A guest's alerts on inputs no
longer shown to it go through the sweep (``workers.sweep_once``), since an append must come first in a transaction
and these handlers write only the read model."""

from __future__ import annotations

from alerts.adapters.guests import PostgresGuests
from common.bus.consumer import Handler, HandlerContext
from common.contracts import Message
from common.shown_events import shown_events_handlers
from gateway.contract import events as g
from scheduler.contract import events as s


async def invitation_heard(ctx: HandlerContext, message: g.SourceInvitationEvent) -> None:
    guests, as_of = PostgresGuests(ctx.conn, ctx.tx.schema), ctx.delivery.envelope.occurred_at
    await guests.heard(message.invitation_id, message.organisation_id, message.guest_organisation_id)
    match message:
        case g.SourceInvitationDeleted():
            await guests.deleted(message.invitation_id)
        case g.SourcePermissionsChanged():
            await guests.permissions(message.invitation_id, as_of, message.registered, message.show_all_channels)
        case g.SourceInputAccessGranted():
            await guests.input_access(message.invitation_id, message.input_id, message.environment_id, True, as_of)
        case g.SourceInputAccessRevoked():
            await guests.input_access(message.invitation_id, message.input_id, None, False, as_of)
        case g.SourceLabelAccessGranted() | g.SourceLabelAccessRevoked():
            granted = isinstance(message, g.SourceLabelAccessGranted)
            await guests.label_access(message.invitation_id, message.label_id, granted, as_of)
        case g.SourceEnvironmentSettingsChanged():
            await guests.environment_settings(message.invitation_id, message.environment_id, as_of,
                                              message.show_all_channels)  # fmt: skip


GUEST_EVENTS: dict[type[Message], Handler] = dict.fromkeys(g.SOURCE_ACCESS_EVENTS, invitation_heard)


LIVE_EVENTS = shown_events_handlers(s.EventShown, s.EventWithdrawn)
