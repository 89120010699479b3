"""Every route of the platform, tried by every member of the cast, answers exactly as the role matrix says.

Route level: each route is called with ids that do not exist and a body that cannot be valid, so
nothing changes; a caller the matrix refuses gets 401 (anonymous) or 403, anyone it admits gets
past the gateway and the service's own check (typically to a 404 or 400, never 401/403/5xx).
Object level: the cases after that use organisation A's real resources, so a caller from
another tenant must get 404 (not 403, which would confirm the resource exists).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from common.access import Route, decide
from switchyard.contracts import ROUTES
from tests.integration.access.cast import World

CAST = [
    "anonymous", "superuser", "accounts_admin", "accounts_user", "a_root", "a_admin", "a_operator", "a_monitor",
    "b_admin", "g_admin", "a_agent", "cloud_worker",
]  # fmt: skip
PROBE_PARAMETERS = {
    "environment_id": str(uuid.UUID(int=1)),
    "organisation_id": "2147480000",
    "user_id": str(uuid.UUID(int=2)),
    "invitation_id": str(uuid.UUID(int=3)),
    "label_id": str(uuid.UUID(int=4)),
    "email": "nobody-at-all@example.com",
    "input_id": "no-such-input",
    "output_id": "no-such-output",
    "token": "no-such-token-0000000000000000",
    "provider": "local",
    "region": "local-1",
    "group_id": str(uuid.UUID(int=5)),
    "method_id": str(uuid.UUID(int=6)),
    "notification_id": str(uuid.UUID(int=7)),
    "alert_id": str(uuid.UUID(int=9)),
    "schedule_id": str(uuid.UUID(int=8)),
    "event_id": str(uuid.UUID(int=9)),
    "eventId": "2147480001",
    "icon_id": "0" * 64,
}
PROBE_BODY = {"__probe__": True}
# leaving the managing organisation really happens for members it admits: tried last, at the end of the module
LEAVE = "organisation.leave"


def probe_path(route: Route) -> str:
    """The route's path with every parameter replaced; a new parameter name must be added above."""
    return route.path.format(**{name: PROBE_PARAMETERS[name] for name in _parameters(route.path)})


def _parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def test_every_service_that_owns_a_route_is_running(world: World) -> None:
    assert sorted(world.services) == sorted({route.service for route in ROUTES})


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name != LEAVE], ids=lambda r: f"{r.catalogue_id}-{r.name}")
async def test_every_caller_gets_what_the_matrix_says(world: World, route: Route) -> None:
    await _try_everyone(world, route)


async def _try_everyone(world: World, route: Route) -> None:
    mismatches = []
    for name in CAST:
        member = world[name]
        body = PROBE_BODY if route.request else None
        reply = await member.api.call(route.method, probe_path(route), body)
        expected = decide(route, member.principal)
        if not _agrees(expected, reply.status):
            mismatches.append(f"{name}: matrix says {expected}, got {reply.status} {reply.body}")
    assert not mismatches, "\n".join(mismatches)


def _agrees(expected: str, status: int) -> bool:
    if expected == "unauthenticated":
        return status == 401
    if expected == "forbidden":
        return status == 403
    return status not in (401, 403) and status < 500


def env(world: World, suffix: str = "", which: str = "a") -> str:
    environment = world.environment_a if which == "a" else world.environment_b
    return f"/api/customer_environment/{environment}{suffix}"


OBJECT_CASES: list[tuple[str, str, Any, int]] = [
    # (caller, method, path builder, expected status)
    ("b_admin", "GET", lambda w: env(w), 404),
    ("b_admin", "GET", lambda w: env(w, "/history"), 404),
    ("b_admin", "POST", lambda w: env(w, "/stop"), 404),
    ("b_admin", "DELETE", lambda w: env(w), 404),
    ("b_admin", "GET", lambda w: f"/api/status/customer_environment/{w.environment_a}/", 404),
    ("b_admin", "GET", lambda w: f"/api/organisations/{w.organisation_a}", 404),
    ("b_admin", "PATCH", lambda w: f"/api/labels/{w.label_a}", 404),
    ("b_admin", "DELETE", lambda w: f"/api/labels/{w.label_a}", 404),
    ("b_admin", "PATCH", lambda w: f"/api/dashboard_groups/{w.group_a}", 404),
    ("b_admin", "DELETE", lambda w: f"/api/dashboard_groups/{w.group_a}", 404),
    ("g_admin", "PATCH", lambda w: f"/api/dashboard_groups/{w.group_a}", 404),
    ("a_monitor", "PATCH", lambda w: f"/api/dashboard_groups/{w.group_a}", 403),
    ("a_operator", "PATCH", lambda w: f"/api/dashboard_groups/{w.group_a}", 200),
    ("b_admin", "GET", lambda w: env(w, "/inputs"), 404),
    ("b_admin", "DELETE", lambda w: w.input_a, 404),
    ("b_admin", "PATCH", lambda w: w.input_a.replace("/inputs/", "/inputs/zixi_push/"), 404),
    ("g_admin", "DELETE", lambda w: w.input_a, 404),
    ("g_admin", "GET", lambda w: env(w, "/inputs"), 200),
    ("a_monitor", "DELETE", lambda w: w.input_a, 403),
    ("a_monitor", "GET", lambda w: env(w, "/inputs"), 200),
    ("a_operator", "PATCH", lambda w: w.input_a.replace("/inputs/", "/inputs/zixi_push/"), 200),
    ("superuser", "PATCH", lambda w: w.input_a.replace("/inputs/", "/inputs/zixi_push/"), 200),
    ("b_admin", "GET", lambda w: w.output_a, 404),
    ("b_admin", "GET", lambda w: env(w, "/outputs"), 404),
    ("b_admin", "DELETE", lambda w: w.output_a, 404),
    ("b_admin", "PATCH", lambda w: w.output_a.replace("/outputs/", "/outputs/srt_listener/"), 404),
    ("g_admin", "GET", lambda w: w.output_a, 404),
    ("g_admin", "GET", lambda w: env(w, "/outputs"), 200),
    ("g_admin", "GET", lambda w: "/api/outputs", 200),
    ("g_admin", "DELETE", lambda w: w.output_a, 404),
    ("a_monitor", "GET", lambda w: w.output_a, 200),
    ("a_monitor", "GET", lambda w: env(w, "/outputs"), 403),
    ("a_monitor", "DELETE", lambda w: w.output_a, 403),
    ("a_operator", "GET", lambda w: env(w, "/outputs"), 200),
    ("a_operator", "PATCH", lambda w: w.output_a.replace("/outputs/", "/outputs/srt_listener/"), 200),
    ("superuser", "PATCH", lambda w: w.output_a.replace("/outputs/", "/outputs/srt_listener/"), 200),
    ("b_admin", "GET", lambda w: w.schedule_a, 404),
    ("b_admin", "GET", lambda w: f"{w.schedule_a}/status", 404),
    ("b_admin", "PATCH", lambda w: w.schedule_a, 404),
    ("b_admin", "DELETE", lambda w: w.schedule_a, 404),
    ("g_admin", "GET", lambda w: w.schedule_a, 404),
    ("a_monitor", "GET", lambda w: w.schedule_a, 200),
    ("a_monitor", "GET", lambda w: f"{w.schedule_a}/status", 200),
    ("a_monitor", "PATCH", lambda w: w.schedule_a, 403),
    ("a_monitor", "DELETE", lambda w: w.schedule_a, 403),
    ("a_operator", "PATCH", lambda w: w.schedule_a, 200),
    ("superuser", "GET", lambda w: w.schedule_a, 200),
    ("b_admin", "PUT", lambda w: w.event_a, 404),
    ("b_admin", "DELETE", lambda w: w.event_a, 404),
    ("g_admin", "PUT", lambda w: w.event_a, 404),
    ("a_monitor", "PUT", lambda w: w.event_a, 403),
    ("a_operator", "PUT", lambda w: w.event_a, 200),
    ("superuser", "PUT", lambda w: w.event_a, 200),
    ("b_admin", "PUT", lambda w: w.schedule_a.replace("/schedules/", "/event_subscriptions/"), 404),
    ("b_admin", "GET", lambda w: w.event_center_a, 404),
    ("b_admin", "DELETE", lambda w: w.event_center_a, 404),
    ("g_admin", "GET", lambda w: w.event_center_a, 404),
    ("a_monitor", "GET", lambda w: w.event_center_a, 200),
    ("a_monitor", "DELETE", lambda w: w.event_center_a, 403),
    ("superuser", "GET", lambda w: w.event_center_a, 200),
    ("a_operator", "PUT", lambda w: w.schedule_a.replace("/schedules/", "/event_subscriptions/"), 404),
    ("b_admin", "POST", lambda w: f"{w.input_a}/start", 404),
    ("g_admin", "POST", lambda w: f"{w.input_a}/stop", 404),
    ("a_monitor", "POST", lambda w: f"{w.input_a}/stop", 403),
    ("a_operator", "POST", lambda w: f"{w.input_a}/stop", 202),
    ("superuser", "POST", lambda w: f"{w.input_a}/start", 202),
    ("b_admin", "GET", lambda w: env(w, "/inputs_overview"), 404),
    ("a_monitor", "GET", lambda w: env(w, "/inputs_overview"), 403),
    ("a_operator", "GET", lambda w: env(w, "/inputs_overview"), 200),
    ("g_admin", "GET", lambda w: env(w, "/inputs_overview"), 200),
    ("g_admin", "GET", lambda w: "/api/inputs/dropdown", 200),
    ("b_admin", "POST", lambda w: f"{w.output_a}/start", 404),
    ("g_admin", "POST", lambda w: f"{w.output_a}/stop", 404),
    ("a_monitor", "POST", lambda w: f"{w.output_a}/stop", 403),
    ("a_operator", "POST", lambda w: f"{w.output_a}/stop", 202),
    ("superuser", "POST", lambda w: f"{w.output_a}/start", 202),
    ("b_admin", "GET", lambda w: env(w, "/outputs_state"), 404),
    ("g_admin", "GET", lambda w: env(w, "/outputs_state"), 200),
    ("a_monitor", "GET", lambda w: env(w, "/outputs_state"), 200),
    ("b_admin", "GET", lambda w: f"{w.input_a}/statistics", 404),
    ("b_admin", "POST", lambda w: f"{w.input_a}/statistics/reset", 404),
    ("g_admin", "GET", lambda w: f"{w.input_a}/statistics", 403),
    ("a_monitor", "GET", lambda w: f"{w.input_a}/statistics", 200),
    ("a_monitor", "POST", lambda w: f"{w.input_a}/statistics/reset", 403),
    ("b_admin", "GET", lambda w: f"{w.output_a}/statistics", 404),
    ("b_admin", "POST", lambda w: f"{w.output_a}/statistics/reset", 404),
    ("g_admin", "POST", lambda w: f"{w.output_a}/statistics/reset", 404),
    ("a_monitor", "GET", lambda w: f"{w.output_a}/statistics", 200),
    ("a_monitor", "POST", lambda w: f"{w.output_a}/statistics/reset", 403),
    ("a_admin", "POST", lambda w: f"{w.input_a}/running_hot", 403),
    ("superuser", "POST", lambda w: f"{w.input_a}/mark_stopped", 403),
    ("a_agent", "POST", lambda w: f"{w.input_a}/running_hot", 200),
    ("a_agent", "POST", lambda w: f"{w.input_a.replace(w.environment_a, w.environment_b)}/running_hot", 404),
    ("b_admin", "PATCH", lambda w: f"/api/alert_methods/{w.alert_method_a}", 404),
    ("b_admin", "DELETE", lambda w: f"/api/alert_methods/{w.alert_method_a}", 404),
    ("g_admin", "PATCH", lambda w: f"/api/alert_methods/{w.alert_method_a}", 404),
    ("a_monitor", "PATCH", lambda w: f"/api/alert_methods/{w.alert_method_a}", 403),
    ("a_operator", "PATCH", lambda w: f"/api/alert_methods/{w.alert_method_a}", 200),
    ("b_admin", "PATCH", lambda w: f"/api/source_invitations/{w.invitation_a}", 404),
    ("b_admin", "DELETE", lambda w: f"/api/source_invitations/{w.invitation_a}", 404),
    ("b_admin", "POST", lambda w: f"/api/source_invitations/{w.invitation_a}/inputs", 404),
    ("b_admin", "PUT", lambda w: f"/api/source_invitations/{w.invitation_token_a}/max_destinations", 404),
    ("b_admin", "GET", lambda w: f"/api/users/{w.monitor_a_user_id}", 404),
    ("b_admin", "GET", lambda w: f"/api/organisation/invitations/{w.monitor_a_email}", 404),
    ("a_admin", "GET", lambda w: f"/api/organisation/invitations/{w.monitor_a_email}", 200),
    ("a_monitor", "GET", lambda w: f"/api/organisation/invitations/{w.monitor_a_email}", 403),
    ("a_admin", "GET", lambda w: env(w, which="b"), 404),
    ("a_operator", "POST", lambda w: env(w, "/stop"), 403),
    ("a_monitor", "DELETE", lambda w: env(w), 403),
    ("a_monitor", "GET", lambda w: env(w), 200),
    ("a_monitor", "GET", lambda w: env(w, "/history"), 200),
    ("g_admin", "GET", lambda w: env(w), 200),
    ("g_admin", "GET", lambda w: env(w, "/history"), 403),
    ("a_agent", "GET", lambda w: env(w), 200),
    ("a_agent", "GET", lambda w: env(w, which="b"), 404),
    ("a_agent", "POST", lambda w: env(w, "/stop"), 403),
    ("cloud_worker", "GET", lambda w: env(w), 403),
    ("superuser", "GET", lambda w: env(w, which="b"), 200),
    ("a_root", "DELETE", lambda w: f"/api/organisations/{w.organisation_a}", 403),
    ("b_admin", "GET", lambda w: f"/api/organisations/{w.organisation_a}/pricing", 404),
    ("g_admin", "GET", lambda w: f"/api/organisations/{w.organisation_a}/pricing", 404),
    ("a_monitor", "GET", lambda w: f"/api/organisations/{w.organisation_a}/pricing", 200),
    ("accounts_admin", "GET", lambda w: f"/api/organisations/{w.organisation_a}/pricing", 200),
    ("a_admin", "GET", lambda w: "/api/billing_details", 200),
    ("b_admin", "GET", lambda w: "/api/billing_details", 404),
    ("a_operator", "GET", lambda w: "/api/billing_details", 403),
    ("a_monitor", "GET", lambda w: "/api/permanent_schedule_agreements", 200),
    ("a_monitor", "GET", lambda w: "/api/consumption_report", 200),
    ("a_monitor", "GET", lambda w: "/api/v2/consumption_report", 200),
    ("a_monitor", "GET", lambda w: "/api/consumption_report/hourly", 200),
    ("accounts_user", "GET", lambda w: "/api/running_state_overview", 200),
    ("b_admin", "PUT", lambda w: f"/api/organisations/{w.organisation_a}/account_billing", 403),
]
BODIES = {
    "PATCH": {"text": "renamed", "show_all_channels": True},
    "POST": {"input_id": "input-1"},
    "PUT": {"max_destinations": 3},
}


@pytest.mark.parametrize(("caller", "method", "path", "status"), OBJECT_CASES,
                         ids=[f"{c}-{m}-{i}" for i, (c, m, _, _) in enumerate(OBJECT_CASES)])  # fmt: skip
async def test_object_level_rules_and_cross_tenant_access(
    world: World, caller: str, method: str, path: Any, status: int
) -> None:
    body = _body_for(method, path(world))
    reply = await world[caller].api.call(method, path(world), body)
    assert reply.status == status, reply.body


def _body_for(method: str, path: str) -> dict[str, Any] | None:
    if path.startswith("/api/labels"):
        return {"text": "renamed"} if method == "PATCH" else None
    if path.endswith(("/running_hot", "/mark_stopped")):
        return {"bitrate_kbps": 9000}
    if "/inputs/" in path or "/outputs/" in path:
        return {"latency": 100} if method == "PATCH" else None
    if path.startswith("/api/dashboard_groups"):
        return {"group_type": "destination"} if method == "PATCH" else None
    if path.startswith("/api/schedules"):
        return {"end_time": "2999-01-01T12:00:00Z"} if method == "PATCH" else None
    if path.startswith("/api/event_subscriptions"):
        return {"output_id": "out-a"}
    if path.startswith("/api/events"):
        return {"name": "Final, renamed"} if method == "PUT" else None
    if path.startswith("/api/alert_methods"):
        return {"name": "Night shift"} if method == "PATCH" else None
    if path.endswith("/stop") or method in ("GET", "DELETE"):
        return None
    if "/source_invitations/" in path and method == "PATCH":
        return {"show_all_channels": True}
    return BODIES.get(method)


async def test_a_guest_sees_a_reduced_view_and_members_everything(world: World) -> None:
    as_guest = (await world["g_admin"].api.get(env(world))).ok()
    as_member = (await world["a_monitor"].api.get(env(world))).ok()
    assert as_guest["id"] == as_member["id"] == world.environment_a
    assert "cloud_provider" not in as_guest and "cloud_provider" in as_member


async def test_lists_never_show_another_tenants_objects(world: World) -> None:
    b_admin = world["b_admin"].api
    environments = (await b_admin.get("/api/customer_environments/dropdown")).ok()["objects"]
    assert world.environment_a not in [e["id"] for e in environments]
    assert world.environment_b in [e["id"] for e in environments]
    labels = (await b_admin.get("/api/labels")).ok()["objects"]
    assert world.label_a not in [label["id"] for label in labels]
    assert (await b_admin.get("/api/inputs")).ok()["objects"] == []
    assert [i["id"] for i in (await world["a_monitor"].api.get("/api/inputs")).ok()["objects"]] == ["cam-a"]
    assert (await b_admin.get("/api/outputs")).ok()["objects"] == []
    g_admin = world["g_admin"].api  # its invitation shows no channel, and it takes no output
    assert (await g_admin.get("/api/inputs/dropdown")).ok()["objects"] == []
    assert (await g_admin.get("/api/outputs")).ok()["objects"] == []
    assert (await g_admin.get(env(world, "/outputs"))).ok()["objects"] == []
    assert (await b_admin.get("/api/schedules")).ok()["objects"] == []
    assert (await b_admin.get("/api/events")).ok()["objects"] == []
    events = (await world["a_operator"].api.get("/api/events")).ok()["objects"]
    assert [e["resource_uri"] for e in events] == [world.event_a]
    assert [s["resource_uri"] for s in (await world["a_monitor"].api.get("/api/schedules")).ok()["objects"]] == [
        world.schedule_a
    ]
    assert [o["id"] for o in (await world["a_monitor"].api.get("/api/outputs")).ok()["objects"]] == ["out-a"]
    assert (await b_admin.get("/api/inputs/dropdown")).ok()["objects"] == []
    assert [i["id"] for i in (await world["a_monitor"].api.get("/api/inputs/dropdown")).ok()["objects"]] == ["cam-a"]
    assert (await b_admin.get("/api/outputs/all_environments")).ok()["objects"] == []
    assert (await world["g_admin"].api.get(env(world, "/outputs_state"))).ok()["objects"] == []
    assert [o["id"] for o in (await world["a_monitor"].api.get(env(world, "/outputs_state"))).ok()["objects"]] == [
        "out-a"
    ]
    everything = (await world["a_operator"].api.get("/api/outputs/all_environments")).ok()["objects"]
    assert [o["id"] for o in everything] == ["out-a"]
    groups = (await b_admin.get("/api/dashboard_groups")).ok()["objects"]
    assert world.group_a not in [group["id"] for group in groups]
    assert world.group_a in [
        g["id"] for g in (await world["a_monitor"].api.get("/api/dashboard_groups")).ok()["objects"]
    ]
    methods = (await b_admin.get("/api/alert_methods")).ok()["objects"]
    assert world.alert_method_a not in [method["id"] for method in methods]
    assert world.alert_method_a in [
        m["id"] for m in (await world["a_monitor"].api.get("/api/alert_methods")).ok()["objects"]
    ]
    assert [c["id"] for c in (await world["a_monitor"].api.get("/api/credits")).ok()["objects"]] == [world.credit_a]
    assert (await b_admin.get("/api/credits")).ok()["objects"] == []
    activity = (await b_admin.get("/api/activity_log?limit=500")).ok()["objects"]
    mentioned = {entry["resource_id"] for entry in activity}
    assert str(world.organisation_b) in mentioned or world.environment_b in mentioned, activity
    a_resources = {str(world.organisation_a), world.environment_a, world.label_a, world.invitation_a}
    assert not mentioned & a_resources


async def test_leaving_the_managing_organisation_last(world: World) -> None:
    await _try_everyone(world, next(r for r in ROUTES if r.name == LEAVE))
