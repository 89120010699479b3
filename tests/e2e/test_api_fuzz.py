"""Schemathesis against the running gateway, as the superuser: no 5xx anywhere, and every answer (status code,
content type, headers, body) as ``/api/openapi.json`` documents it. How it runs: ``tests.support.fuzzing``.

Real resources are made first (an environment, organisations, a member, a label, a source invitation with its
token and a granted input, a schedule) so that the id-bearing routes reach their logic and not only their 404s. Three
operations would remove what the run stands on (the superuser, its managing organisation, its membership):
they run last, on their own, against a user and an organisation made to be removed. The run leaves the shared
platform in a state of its own (throttled logins, random organisations and environments), so it is the last
test of the session.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.support.api import Api
from tests.support.fuzzing import RUN_TIMEOUT_SECONDS, Values, all_but, only, run_schemathesis
from tests.support.platform import Platform
from tests.support.waiting import eventually

DESTRUCTIVE = ("users.delete", "organisations.delete", "organisation.leave")


async def made(api: Api, path: str, body: dict[str, Any]) -> dict[str, Any]:
    created: dict[str, Any] = (await api.post(path, body)).ok(201)
    return created


async def founded(api: Api, name: str) -> dict[str, Any]:
    """An organisation of a new user's (A179: one on free credits each, the superuser's is taken)."""
    email = f"founder-{uuid.uuid4().hex[:8]}@example.com"
    added = await made(api, "/api/organisation/users", {"email": email, "permission_type": "monitor"})
    founder = await api.as_(None).first_login(email, added["password"])
    return await made(founder, "/api/organisations", {"name": name})


async def running_environment(api: Api) -> str:
    environment_id: str = (await made(api, "/api/customer_environment", {"name": "fuzz-studio"}))["id"]

    async def running() -> None:
        state = (await api.get(f"/api/customer_environment/{environment_id}")).ok()["state"]
        assert state == "running", state

    await eventually(running, within=45)
    return environment_id


async def member(api: Api) -> tuple[str, str]:
    email = f"fuzz-{uuid.uuid4().hex[:8]}@example.com"
    added = await made(api, "/api/organisation/users", {"email": email, "permission_type": "operator"})
    joined = await api.as_(None).first_login(email, added["password"])
    return await joined.user_id(), email


async def real_values(api: Api, organisation_id: int) -> Values:
    """A resource of every kind the paths name, in the superuser's managing organisation."""
    environment_id = await running_environment(api)
    spare = await founded(api, "Fuzzing Spare")
    user_id, email = await member(api)
    label = await made(api, "/api/labels", {"text": "fuzzing"})
    group = await made(api, "/api/dashboard_groups", {"name": "fuzzing", "group_type": "source"})
    method = {"name": "fuzzing", "alert_type": "email", "notification_parameters": ["fuzzing@example.com"]}
    alert_method = await made(api, "/api/alert_methods", method)
    invitation = await made(api, "/api/source_invitations", {"destination_temporary_name": "Fuzzing Guest"})
    grant = await made(api, f"/api/source_invitations/{invitation['id']}/inputs", {"input_id": "cam-1"})
    schedule_id = await schedule_on(api, environment_id)
    alert_id = await alert_on(api, environment_id, alert_method["id"])
    return {
        "environment_id": [environment_id],
        "organisation_id": [organisation_id, spare["id"]],
        "user_id": [user_id],
        "email": [email],
        "label_id": [label["id"]],
        "group_id": [group["id"]],
        "method_id": [alert_method["id"]],
        "invitation_id": [invitation["id"]],
        "token": [invitation["source_invitation_token"]],
        "input_id": [grant["input_id"]],
        "schedule_id": [schedule_id],
        "alert_id": [alert_id],
        "provider": ["local"],
        "region": ["local-1"],
    }


async def schedule_on(api: Api, environment_id: str) -> str:
    """A schedule of an input to an output of the environment, once the scheduler has heard of both."""
    endpoints = f"/api/customer_environment/{environment_id}"
    await made(api, f"{endpoints}/inputs/zixi_push", {"id": "fuzz-cam"})
    await made(api, f"{endpoints}/outputs/rtmp", {"id": "fuzz-out", "url": "rtmp://fuzz.example.com/live"})
    body = {"input_id": "fuzz-cam", "output_id": "fuzz-out", "start_time": "2999-01-01T10:00:00Z",
            "end_time": "2999-01-01T11:00:00Z"}  # fmt: skip

    async def scheduled() -> str:
        reply = await api.post("/api/schedules", body)
        assert reply.status == 201, reply.body
        return str(reply.body["id"])

    return str(await eventually(scheduled, within=20))


async def alert_on(api: Api, environment_id: str, method_id: str) -> str:
    """An alert on the schedule's input, once alerts has heard of it."""
    body = {"environment_id": environment_id, "input_ids": ["fuzz-cam"], "alert_method_id": method_id,
            "alert_on_query": "net_recv.bitrate", "query_param": "lt", "query_value": [1], "query_time_range": "1m",
            "alert_check_frequency": "1m", "alert_repeat": "1h"}  # fmt: skip

    async def created() -> str:
        reply = await api.post("/api/alerts", body)
        assert reply.status == 201, reply.body
        return str(reply.body["objects"][0]["id"])

    return str(await eventually(created, within=20))


async def removable_values(api: Api) -> Values:
    """What the destructive operations may remove: a user and an organisation nothing else stands on."""
    organisation = await founded(api, "Fuzzing Removable")
    user_id, _ = await member(api)
    return {"organisation_id": [organisation["id"]], "user_id": [user_id]}


@pytest.mark.last
@pytest.mark.timeout(2 * RUN_TIMEOUT_SECONDS + 120)
async def test_every_operation_answers_as_the_openapi_document_says(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]], tmp_path: Path
) -> None:
    api, organisation = broadcaster
    organisation_id = organisation["id"]
    assert api.token is not None
    gateway, token = platform.gateway_url, api.token
    values, removable = await real_values(api, organisation_id), await removable_values(api)

    everything_else = await run_schemathesis(gateway, token, values, tmp_path / "all", *all_but(DESTRUCTIVE))
    assert everything_else.returncode == 0, everything_else.output

    destructive = await run_schemathesis(gateway, token, removable, tmp_path / "last", *only(DESTRUCTIVE))
    assert destructive.returncode == 0, destructive.output
