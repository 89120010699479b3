"""Source invitations as callers see them: flags, grants and per-environment settings in one object."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from common.http.problems import not_found
from common.listing import Field, ListSpec
from gateway.context import SCHEMA as S
from gateway.context import gateway_of
from gateway.contract.schemas.sources import SourceInvitationView

INVITATIONS = ListSpec(
    source=f"""(SELECT si.*,
        coalesce((SELECT array_agg(i.input_id ORDER BY i.input_id) FROM {S}.source_invitation_inputs i
                  WHERE i.invitation_id = si.id), '{{}}') AS input_ids,
        coalesce((SELECT array_agg(l.label_id ORDER BY l.label_id) FROM {S}.source_invitation_labels l
                  WHERE l.invitation_id = si.id), '{{}}') AS label_ids,
        coalesce((SELECT json_agg(json_build_object('environment_id', e.environment_id,
                                                    'show_all_channels', e.show_all_channels,
                                                    'max_destinations', e.max_destinations)
                                  ORDER BY e.environment_id)
                  FROM {S}.source_invitation_environments e WHERE e.invitation_id = si.id), '[]') AS environments
        FROM {S}.source_invitations si) AS invitations""",
    fields=[
        Field("id", "uuid"),
        Field("source_organisation_id", "integer"),
        Field("guest_organisation_id", "integer", nullable=True),
        Field("destination_temporary_name", max_length=30),
        Field("status", help="pending or accepted"),
        Field("show_all_channels", "boolean"),
        Field("show_all_events", "boolean"),
        Field("billing_source", help="source_owner or destination_taker"),
        Field("registered", "boolean"),
        Field("global_max_destinations", "integer"),
        Field("created_at", "datetime"),
        Field("accepted_at", "datetime", nullable=True),
    ],
    default_order="created_at",
)


def invitation_uri(invitation_id: object) -> str:
    return f"/api/source_invitations/{invitation_id}"


def invitation_view(row: Any) -> SourceInvitationView:
    return SourceInvitationView.model_validate({**row, "resource_uri": invitation_uri(row["id"])})


async def fetch_invitation(request: web.Request, invitation_id: uuid.UUID) -> SourceInvitationView:
    row = await gateway_of(request).pool.fetchrow(f"SELECT * FROM {INVITATIONS.source} WHERE id = $1", invitation_id)
    if row is None:
        raise not_found("source invitation")
    return invitation_view(row)
