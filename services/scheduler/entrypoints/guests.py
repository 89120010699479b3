"""What the gateway says of labels, memberships and source invitations, kept in the scheduler's read models so it
can tell who may see an event (A123, A124): members of the event's organisation, and guests whose accepted,
registered invitation from it shows all events or grants one of the event's labels (A117/A118).

Messages about one label, membership or invitation can arrive in any order: a deletion leaves a tombstone, a
membership and an invitation's permissions change only when the message is newer than what is held.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.bus.consumer import Handler, HandlerContext
from common.contracts import Message
from gateway.contract import events as g


async def label_heard(ctx: HandlerContext, message: g.LabelCreated | g.LabelRenamed | g.LabelDeleted) -> None:
    await ctx.conn.execute(
        f"""INSERT INTO {ctx.tx.schema}.labels (id, organisation_id, deleted) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET deleted = {ctx.tx.schema}.labels.deleted OR excluded.deleted""",
        message.label_id, message.organisation_id, isinstance(message, g.LabelDeleted),
    )  # fmt: skip


async def membership_heard(ctx: HandlerContext, message: g.UserJoinedOrganisation | g.UserLeftOrganisation) -> None:
    s = ctx.tx.schema
    if isinstance(message, g.UserJoinedOrganisation):
        await ctx.conn.execute(
            f"INSERT INTO {s}.memberships (user_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            message.user_id, message.organisation_id,
        )  # fmt: skip
    else:
        await ctx.conn.execute(f"DELETE FROM {s}.memberships WHERE user_id = $1 AND organisation_id = $2",
                               message.user_id, message.organisation_id)  # fmt: skip


async def user_deleted(ctx: HandlerContext, message: g.UserDeleted) -> None:
    await ctx.conn.execute(f"DELETE FROM {ctx.tx.schema}.memberships WHERE user_id = $1", message.user_id)


async def invitation_heard(ctx: HandlerContext, message: g.SourceInvitationEvent) -> None:
    s, conn, as_of = ctx.tx.schema, ctx.conn, ctx.delivery.envelope.occurred_at
    await conn.execute(
        f"""INSERT INTO {s}.guest_invitations (invitation_id, owner_organisation_id, guest_organisation_id)
            VALUES ($1, $2, $3)
            ON CONFLICT (invitation_id) DO UPDATE SET guest_organisation_id =
                coalesce(excluded.guest_organisation_id, {s}.guest_invitations.guest_organisation_id)""",
        message.invitation_id, message.organisation_id, message.guest_organisation_id,
    )  # fmt: skip
    match message:
        case g.SourceInvitationDeleted():
            await conn.execute(f"UPDATE {s}.guest_invitations SET deleted = true WHERE invitation_id = $1",
                               message.invitation_id)  # fmt: skip
            await conn.execute(f"DELETE FROM {s}.guest_label_grants WHERE invitation_id = $1", message.invitation_id)
        case g.SourcePermissionsChanged():
            await _permissions(conn, s, message, as_of)
        case g.SourceLabelAccessGranted():
            await conn.execute(
                f"""INSERT INTO {s}.guest_label_grants (invitation_id, label_id)
                    SELECT $1, $2 WHERE NOT (SELECT deleted FROM {s}.guest_invitations WHERE invitation_id = $1)
                    ON CONFLICT DO NOTHING""",
                message.invitation_id, message.label_id,
            )  # fmt: skip
        case g.SourceLabelAccessRevoked():
            await conn.execute(f"DELETE FROM {s}.guest_label_grants WHERE invitation_id = $1 AND label_id = $2",
                               message.invitation_id, message.label_id)  # fmt: skip


async def _permissions(conn: Any, s: str, message: g.SourcePermissionsChanged, as_of: datetime) -> None:
    await conn.execute(
        f"""UPDATE {s}.guest_invitations SET permissions_as_of = $2, registered = $3, show_all_events = $4
            WHERE invitation_id = $1 AND (permissions_as_of IS NULL OR permissions_as_of <= $2)""",
        message.invitation_id, as_of, message.registered, message.show_all_events,
    )  # fmt: skip


LABELS = (g.LabelCreated, g.LabelRenamed, g.LabelDeleted)
MEMBERSHIPS = (g.UserJoinedOrganisation, g.UserLeftOrganisation)
INVITATIONS = (g.SourceInvitationCreated, g.SourceInvitationAccepted, g.SourceInvitationDeleted,
               g.SourcePermissionsChanged, g.SourceLabelAccessGranted, g.SourceLabelAccessRevoked)  # fmt: skip
GATEWAY_EVENTS: tuple[type[Message], ...] = (*LABELS, *MEMBERSHIPS, g.UserDeleted, *INVITATIONS)
HANDLERS: dict[type[Message], Handler] = {
    **dict.fromkeys(LABELS, label_heard), **dict.fromkeys(MEMBERSHIPS, membership_heard),
    g.UserDeleted: user_deleted, **dict.fromkeys(INVITATIONS, invitation_heard),
}  # fmt: skip


def visible_events_sql(s: str, user: str = "$1", organisation: str = "$2") -> str:
    """Rows of ``{s}.live_events e`` the ``user`` may see through ALL its organisations (those it joined, and the
    managing ``organisation``): their own events, and those an invitation to one of them shows (all events, or one
    of the event's labels granted). Both are SQL expressions: parameters, or columns of the query around."""
    mine = f"(SELECT organisation_id FROM {s}.memberships WHERE user_id = {user} UNION SELECT {organisation}::integer)"
    return f"""(e.organisation_id IN {mine}
        OR EXISTS (SELECT 1 FROM {s}.guest_invitations i
                    WHERE i.owner_organisation_id = e.organisation_id AND NOT i.deleted AND i.registered
                      AND i.guest_organisation_id IN {mine}
                      AND (i.show_all_events OR EXISTS (
                           SELECT 1 FROM {s}.guest_label_grants l
                            WHERE l.invitation_id = i.invitation_id AND l.label_id = ANY (e.label_ids)))))"""
