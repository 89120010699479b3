"""Every gateway answer has exactly the shape the role matrix declares (``response`` / ``list_of``), so the
OpenAPI document generated from the matrix tells the truth."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from gateway.contract.routes import ROUTES as GATEWAY_ROUTES
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.api import Reply
from tests.support.waiting import eventually

ROUTES = {r.name: r for r in GATEWAY_ROUTES}


def _conforms(model: type[BaseModel], body: dict[str, Any]) -> None:
    assert set(body) == set(model.model_fields), (model.__name__, set(body) ^ set(model.model_fields))
    model.model_validate(body)


def check(route_name: str, reply: Reply) -> None:
    route = ROUTES[route_name]
    body = reply.ok(route.status)
    if route.list_of:
        assert body["objects"], f"{route_name}: an empty list shows nothing about its objects"
        for item in body["objects"]:
            _conforms(route.list_of, item)
    if route.response:
        _conforms(route.response, body)


async def test_answers_match_the_declared_models(gateway: GatewayUnderTest) -> None:
    owner, guest = await gateway.tenant("shape-owner"), await gateway.tenant("shape-guest")
    environment_id = await gateway.environment(owner.organisation_id)
    api = owner.api
    check("organisation_users.add", await api.post("/api/organisation/users", {"email": f"s-{guest.email}"}))
    check("organisation_users.list", await api.get("/api/organisation/users"))
    user_path = f"/api/organisation/users/{guest.user_id}"
    await gateway.joined(owner, guest)
    check("organisation_users.update", await api.patch(user_path, {"permission_type": "operator"}))
    check("organisation.change_root", await api.post("/api/organisation/root_user", {"user_id": str(owner.user_id)}))
    check("user.me", await api.get("/api/user"))
    check("users.details", await api.get(f"/api/users/{owner.user_id}"))
    check("user.getting_started_seen", await api.post("/api/user/getting_started_seen"))
    check("user.active_organisation", await api.get("/api/user/active_organisation"))
    check("user.permissions", await api.get("/api/user/permissions"))
    check("organisations.manageable", await api.get("/api/organisations/manageable"))
    check("organisations.dropdown", await api.get("/api/organisations/dropdown"))
    check("organisation.token", await api.post("/api/organisation/token"))
    check("organisation.token_details", await api.get("/api/organisation/token"))
    created = await api.post("/api/source_invitations", {"destination_temporary_name": "Shape"})
    check("source_invitations.create", created)
    token = created.body["source_invitation_token"]
    accepted = await guest.api.post("/api/source_invitations/accept", {"source_invitation_token": token})
    check("source_invitations.accept", accepted)
    check("source_invitations.list", await api.get("/api/source_invitations"))
    check("organisations.guest_of", await guest.api.get("/api/organisations/guest_of"))
    path = f"/api/source_invitations/{accepted.body['id']}"
    check("source_invitations.update", await api.patch(path, {"show_all_events": True}))
    check("source_invitations.grant_input", await api.post(f"{path}/inputs", {"input_id": "cam"}))
    label = await api.post("/api/labels", {"text": "Shape"})
    check("labels.create", label)
    check("labels.update", await api.patch(label.body["resource_uri"], {"text": "Shapes"}))
    check("labels.list", await api.get("/api/labels"))
    check("source_invitations.grant_label", await api.post(f"{path}/labels", {"label_id": label.body["id"]}))
    visibility = f"/api/source_invitations/{token}/environments/{environment_id}/channel_visibility"
    check("source_invitations.channel_visibility", await api.put(visibility, {"show_all_channels": True}))
    maximum = f"/api/source_invitations/{token}/max_destinations"
    check("source_invitations.max_destinations", await api.put(maximum, {"max_destinations": 2}))
    switched = await guest.api.post("/api/user/active_organisation", {"organisation_id": owner.organisation_id})
    check("user.switch_active", switched)
    body = {"organisation_id": guest.organisation_id}
    check("user.switch_managing", await guest.api.post("/api/user/managing_organisation", body))
    check(
        "user.switch_environment",
        await api.post("/api/user/active_environment", {"environment_id": str(environment_id)}),
    )
    superuser = await gateway.superuser()
    update = await superuser.patch(f"/api/organisations/{owner.organisation_id}", {"currency": "eur"})
    check("organisations.update", update)


async def test_activity_entries_match_their_model(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("shape-activity")

    async def logged() -> None:
        check("activity_log.list", await owner.api.get("/api/activity_log"))

    await eventually(logged, within=15)
