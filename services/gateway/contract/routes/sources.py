"""Gateway routes about source invitations: what a guest organisation may take, and on which terms."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from gateway.contract.routes.shared import ADMIN_OR_SU, EDITOR_OR_SU, MEMBER_OR_SU, NEEDS_MANAGING, PARAMETERS, STRICT
from gateway.contract.schemas.sources import (
    AcceptSourceInvitation,
    ChannelVisibility,
    CreatedSourceInvitation,
    CreateSourceInvitation,
    GrantInput,
    GrantLabel,
    InputGrantView,
    LabelGrantView,
    MaxDestinations,
    SourceInvitationView,
    UpdateSourcePermissions,
)

_r = RouteBuilder("gateway", PARAMETERS)

SOURCES_ROUTES: tuple[Route, ...] = (
    _r("source_invitations.create", "A185", "POST", "/api/source_invitations", "Create a source invitation",
       *ADMIN_OR_SU, request=CreateSourceInvitation, response=CreatedSourceInvitation, status=201),
    _r("source_invitations.accept", "A186", "POST", "/api/source_invitations/accept", "Accept a source invitation",
       *ADMIN_OR_SU, request=AcceptSourceInvitation, response=SourceInvitationView, note=STRICT,
       object_rule="A token that names no live source invitation: 404.", errors=(404,)),
    *with_schema(
        _r("source_invitations.list", "A212", "GET", "/api/source_invitations",
           "Source invitations and permissions of the managing organisation", *MEMBER_OR_SU,
           list_of=SourceInvitationView, note="Both sides: invitations it made and those it accepted.",
           object_rule=NEEDS_MANAGING, errors=(409,)),
        "source_invitations.schema", "Schema of the source invitations collection"),
    _r("source_invitations.update", "A215", "PATCH", "/api/source_invitations/{invitation_id}",
       "Update source permissions (owner side)", *EDITOR_OR_SU, request=UpdateSourcePermissions,
       response=SourceInvitationView, object_rule="The managing organisation owns the invitation; else 404.",
       errors=(404,)),
    _r("source_invitations.delete", "A216", "DELETE", "/api/source_invitations/{invitation_id}",
       "Delete a source invitation, or leave as the guest", *EDITOR_OR_SU, status=204,
       object_rule="Owner side: admin or operator. Guest side: admin only. Anyone else: 404.", errors=(404,)),
    _r("source_invitations.grant_input", "A213", "POST", "/api/source_invitations/{invitation_id}/inputs",
       "Allow the guest access to an input", *EDITOR_OR_SU, request=GrantInput,
       response=InputGrantView, status=201,
       object_rule="The managing organisation owns the invitation; else 404.", errors=(404,)),
    _r("source_invitations.revoke_input", "A214", "DELETE",
       "/api/source_invitations/{invitation_id}/inputs/{input_id}", "Remove the guest's access to an input",
       *EDITOR_OR_SU, status=204, object_rule="The managing organisation owns the invitation; else 404.",
       errors=(404,)),
    _r("source_invitations.grant_label", "A117", "POST", "/api/source_invitations/{invitation_id}/labels",
       "Allow the guest access to an event label", *EDITOR_OR_SU, request=GrantLabel,
       response=LabelGrantView, status=201,
       object_rule="The managing organisation owns the invitation and the label; else 404.", errors=(404,)),
    _r("source_invitations.revoke_label", "A118", "DELETE",
       "/api/source_invitations/{invitation_id}/labels/{label_id}", "Remove the guest's access to an event label",
       *EDITOR_OR_SU, status=204, object_rule="The managing organisation owns the invitation; else 404.",
       errors=(404,)),
    _r("source_invitations.channel_visibility", "A217", "PUT",
       "/api/source_invitations/{token}/environments/{environment_id}/channel_visibility",
       "Channel visibility per invitation per environment", *ADMIN_OR_SU, request=ChannelVisibility,
       response=SourceInvitationView,
       object_rule="The token's invitation is owned by the managing organisation; else 404.", errors=(404,)),
    _r("source_invitations.max_destinations", "A219", "PUT", "/api/source_invitations/{token}/max_destinations",
       "Maximum destinations for the guest", *ADMIN_OR_SU, request=MaxDestinations,
       response=SourceInvitationView,
       object_rule="The token's invitation is owned by the managing organisation; else 404.", errors=(404,)),
)  # fmt: skip
