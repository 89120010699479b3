"""What the gateway says of source invitations, kept in streams' guests read model. A guest that is no longer let
take outputs on an environment loses the outputs it took there, through ``withdraw`` (the sweep), since an append
must come first in a transaction and these handlers write only the read model."""

from __future__ import annotations

from common.bus.consumer import Handler, HandlerContext
from common.contracts import Message
from common.shown_events import shown_events_handlers
from gateway.contract import events as g
from scheduler.contract import events as s
from streams.adapters.guests import PostgresGuests


def _guests(ctx: HandlerContext) -> PostgresGuests:
    return PostgresGuests(ctx.conn, ctx.tx.schema)


async def invitation_heard(ctx: HandlerContext, message: g.SourceInvitationEvent) -> None:
    guests, as_of = _guests(ctx), ctx.delivery.envelope.occurred_at
    await guests.heard(message.invitation_id, message.organisation_id, message.guest_organisation_id)
    match message:
        case g.SourceInvitationCreated():
            await guests.token(message.invitation_id, message.token_digest)
        case g.SourceInvitationDeleted():
            await guests.deleted(message.invitation_id)
        case g.SourcePermissionsChanged():
            await guests.permissions(message.invitation_id, as_of, message.registered, message.show_all_channels,
                                     message.show_all_events, message.global_max_destinations)  # fmt: skip
        case g.SourceInputAccessGranted():
            await guests.input_granted(message.invitation_id, message.input_id, message.environment_id)
        case g.SourceInputAccessRevoked():
            await guests.input_revoked(message.invitation_id, message.input_id)
        case g.SourceLabelAccessGranted():
            await guests.label_granted(message.invitation_id, message.label_id)
        case g.SourceLabelAccessRevoked():
            await guests.label_revoked(message.invitation_id, message.label_id)
        case g.SourceEnvironmentSettingsChanged():
            await guests.environment_settings(message.invitation_id, message.environment_id, as_of,
                                              message.show_all_channels, message.max_destinations)  # fmt: skip


GUEST_EVENTS: dict[type[Message], Handler] = dict.fromkeys(g.SOURCE_ACCESS_EVENTS, invitation_heard)


LIVE_EVENTS = shown_events_handlers(s.EventShown, s.EventWithdrawn)
