"""Gateway routes about organisations: the lists of them a user sees, creating, reading, updating, deleting."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import ACCOUNTS_ADMIN, ACCOUNTS_USER, AUTHENTICATED, SUPERUSER
from gateway.contract.routes.shared import MEMBER_OR_SU, PARAMETERS
from gateway.contract.schemas.lists import DropdownOrganisation, GuestOrganisation, ManageableOrganisation
from gateway.contract.schemas.organisations import (
    CreateOrganisation,
    OrganisationView,
    UpdateOrganisation,
)

_r = RouteBuilder("gateway", PARAMETERS)

ORGANISATIONS_ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("organisations.manageable", "A139", "GET", "/api/organisations/manageable", "Organisations I can manage",
           AUTHENTICATED, list_of=ManageableOrganisation,
           object_rule="Your memberships; superusers and accounts users see every organisation."),
        "organisations.manageable_schema", "Schema of the organisations I can manage"),
    _r("organisations.create", "A179", "POST", "/api/organisations", "Create an organisation and become its admin",
       AUTHENTICATED, request=CreateOrganisation, response=OrganisationView, status=201),
    _r("organisations.details", "P05", "GET", "/api/organisations/{organisation_id}", "Organisation details",
       AUTHENTICATED, response=OrganisationView, note="Where an organisation's resource_uri points (A179's Location).",
       object_rule="Members of the organisation, superusers and accounts users; anyone else 404.", errors=(404,)),
    _r("organisations.update", "A188", "PATCH", "/api/organisations/{organisation_id}", "Update organisation details",
       SUPERUSER, ACCOUNTS_ADMIN, ACCOUNTS_USER, request=UpdateOrganisation, response=OrganisationView, errors=(404,)),
    *with_schema(
        _r("organisations.dropdown", "A178", "GET", "/api/organisations/dropdown", "Organisations for the dropdown",
           AUTHENTICATED, list_of=DropdownOrganisation),
        "organisations.dropdown_schema", "Schema of the organisations dropdown"),
    *with_schema(
        _r("organisations.guest_of", "A180", "GET", "/api/organisations/guest_of", "Organisations I am a guest of",
           *MEMBER_OR_SU, list_of=GuestOrganisation),
        "organisations.guest_of_schema", "Schema of the organisations I am a guest of"),
    _r("organisations.delete", "A134", "DELETE", "/api/organisations/{organisation_id}", "Delete an organisation",
       SUPERUSER, status=204, errors=(404,)),
)  # fmt: skip
