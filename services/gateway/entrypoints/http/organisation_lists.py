"""Lists of organisations: those I can manage (A139), the dropdown (A178), those I am a guest of (A180)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec
from gateway.context import SCHEMA as S
from gateway.contract.schemas.lists import DropdownOrganisation, GuestOrganisation, ManageableOrganisation
from gateway.entrypoints.http.views import caller_id

MANAGEABLE = ListSpec(
    source=f"""(SELECT o.id, o.name, o.created_at, m.permission_type, m.user_id IS NOT NULL AS is_member,
                       coalesce(o.root_user_id = $1, false) AS is_root, i.id AS invitation_id
                FROM {S}.organisations o
                LEFT JOIN {S}.memberships m ON m.organisation_id = o.id AND m.user_id = $1
                LEFT JOIN {S}.organisation_invitations i ON i.organisation_id = o.id AND i.user_id = $1
                WHERE o.deleted_at IS NULL) AS manageable""",
    fields=[
        Field("id", "integer"),
        Field("name", max_length=150),
        Field("permission_type", nullable=True, help="yours; null where a staff member is not a member"),
        Field("is_member", "boolean"),
        Field("is_root", "boolean"),
        Field("invitation_id", "uuid", nullable=True, help="decline it to leave (A183)"),
        Field("created_at", "datetime"),
    ],
    default_order="name",
)
DROPDOWN = ListSpec(
    source=f"""(SELECT o.id, o.name, 'managing' AS relation, 0 AS position FROM {S}.organisations o
                WHERE o.id = $1 AND o.deleted_at IS NULL
                UNION ALL
                SELECT o.id, o.name, 'guest', 1 FROM {S}.source_invitations si
                JOIN {S}.organisations o ON o.id = si.source_organisation_id AND o.deleted_at IS NULL
                WHERE si.guest_organisation_id = $1 AND si.status = 'accepted') AS dropdown""",
    fields=[Field("id", "integer"), Field("name"), Field("relation"), Field("position", "integer")],
    default_order="position,name",
)
GUEST_OF = ListSpec(
    source=f"""(SELECT o.id, o.name, si.id AS invitation_id, si.registered, si.show_all_channels,
                       si.show_all_events, si.billing_source, si.global_max_destinations, si.accepted_at
                FROM {S}.source_invitations si
                JOIN {S}.organisations o ON o.id = si.source_organisation_id AND o.deleted_at IS NULL
                WHERE si.guest_organisation_id = $1 AND si.status = 'accepted') AS guest_of""",
    fields=[
        Field("id", "integer"),
        Field("name"),
        Field("invitation_id", "uuid"),
        Field("registered", "boolean"),
        Field("show_all_channels", "boolean"),
        Field("show_all_events", "boolean"),
        Field("billing_source"),
        Field("global_max_destinations", "integer"),
        Field("accepted_at", "datetime", nullable=True),
    ],
    default_order="name",
)


def _uri(row: Any) -> str:
    return f"/api/organisations/{row['id']}"


def _manageable(row: Any) -> ManageableOrganisation:
    return ManageableOrganisation.model_validate({**row, "resource_uri": _uri(row)})


def _dropdown(row: Any) -> DropdownOrganisation:
    return DropdownOrganisation.model_validate({**row, "resource_uri": _uri(row)})


def _guest_of(row: Any) -> GuestOrganisation:
    return GuestOrganisation.model_validate({**row, "shared_contacts": [], "resource_uri": _uri(row)})


async def manageable(request: web.Request) -> web.Response:
    """Your memberships; superusers and accounts users see every organisation."""
    where = [] if principal_of(request).is_staff else ["is_member"]
    return await page(request, MANAGEABLE, _manageable, where, [caller_id(request)])


async def dropdown(request: web.Request) -> web.Response:
    """The managing organisation first, then those it is a guest of; superusers are treated like anyone."""
    return await page(request, DROPDOWN, _dropdown, params=[principal_of(request).managing_organisation_id])


async def guest_of(request: web.Request) -> web.Response:
    """Shared contacts come with wave 2 (A207-A211); until then the list is empty."""
    return await page(request, GUEST_OF, _guest_of, params=[principal_of(request).managing_organisation_id])


HANDLERS = {
    "organisations.manageable": manageable,
    "organisations.manageable_schema": schema_handler(MANAGEABLE, "Organisations you can manage"),
    "organisations.dropdown": dropdown,
    "organisations.dropdown_schema": schema_handler(DROPDOWN, "The managing organisation, then those it is a guest of"),
    "organisations.guest_of": guest_of,
    "organisations.guest_of_schema": schema_handler(GUEST_OF, "Organisations the managing organisation is a guest of"),
}
