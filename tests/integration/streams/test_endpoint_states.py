"""What inputs' and outputs' media do, as the agent says: the outputs state of a running environment (A088), an
environment's inputs overview (A058), inputs for dropdowns on running environments only (A086), and every output on
every environment of the organisation, deleted ones included (A113)."""

from __future__ import annotations

import uuid

import pytest

from common.http.principal import Principal
from tests.integration.access.cast import guest_of
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess, agent
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

__all__ = ["agent"]  # the real agent's fixture
LISTENER = "srt_listener"
RTMP = {"url": "rtmp://live.example.com/app"}
SUPERUSER = Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True)


def env_path(environment_id: str, suffix: str = "") -> str:
    return f"/api/customer_environment/{environment_id}{suffix}"


async def test_the_outputs_state_is_what_the_agent_says_on_a_running_environment_only(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    operator, monitor = member_of(organisation_id, "operator"), member_of(organisation_id, "monitor")
    outputs = env_path(process.environment_id, "/outputs")
    for output_id in ("on", "off", "gone"):
        (await streams.call(operator, "POST", f"{outputs}/{LISTENER}", {"id": output_id})).ok(201)
    (await streams.call(operator, "POST", f"{outputs}/off/stop")).ok(202)
    await streams.call(operator, "DELETE", f"{outputs}/gone")
    state_path = env_path(process.environment_id, "/outputs_state")

    async def as_the_agent_says() -> None:
        states = (await streams.call(monitor, "GET", state_path)).ok()["objects"]
        assert {o["id"]: (o["state"], o["enabled"], o["configured"]) for o in states} == {
            "on": ("running", True, True), "off": ("stopped", False, True)}  # fmt: skip

    await eventually(as_the_agent_says, within=20)
    stranger = member_of(new_organisation())
    assert (await streams.call(stranger, "GET", state_path)).status == 404
    guest = guest_of(new_organisation(), organisation_id)
    assert (await streams.call(guest, "GET", state_path)).ok()["objects"] == [], "a guest sees the outputs it takes"
    await streams.environment_became(organisation_id, process.environment_id, "stopped")
    refused = await streams.call(monitor, "GET", state_path)
    assert refused.status == 409 and "stopped" in refused.body["detail"]


async def test_the_inputs_overview_counts_what_the_agent_says(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    operator, inputs = member_of(organisation_id, "operator"), env_path(process.environment_id, "/inputs")
    for input_id in ("a", "b", "c"):
        (await streams.call(operator, "POST", f"{inputs}/{LISTENER}", {"id": input_id})).ok(201)
    (await streams.call(operator, "POST", f"{inputs}/c/stop")).ok(202)
    overview_path = env_path(process.environment_id, "/inputs_overview")

    async def counted() -> None:
        overview = (await streams.call(operator, "GET", overview_path)).ok()
        assert overview["environment_state"] == "running"
        assert {k: overview[k] for k in ("total", "running", "stopped", "configuring")} == {
            "total": 3, "running": 2, "stopped": 1, "configuring": 0}  # fmt: skip
        assert (overview["warning_sent"], overview["input_stopped"]) == (0, 0)

    await eventually(counted, within=20)
    assert (await streams.call(member_of(organisation_id, "monitor"), "GET", overview_path)).status == 403
    assert (await streams.call(member_of(new_organisation()), "GET", overview_path)).status == 404


async def test_the_dropdown_lists_live_inputs_on_running_environments_only(streams: StreamsUnderTest) -> None:
    organisation_id = new_organisation()
    admin = member_of(organisation_id)
    running, stopped = await streams.environment(organisation_id), await streams.environment(organisation_id)
    for environment_id, input_ids in ((running, ("cam-1", "cam-2", "gone")), (stopped, ("cam-3",))):
        for input_id in input_ids:
            body = {"id": input_id}
            (await streams.call(admin, "POST", env_path(environment_id, "/inputs/srt_listener"), body)).ok(201)
    await streams.call(admin, "DELETE", env_path(running, "/inputs/gone"))
    await streams.environment_became(organisation_id, stopped, "stopped")
    listed = (await streams.call(member_of(organisation_id, "monitor"), "GET", "/api/inputs/dropdown")).ok()
    assert [i["id"] for i in listed["objects"]] == ["cam-1", "cam-2"]
    assert {i["environment_id"] for i in listed["objects"]} == {running}
    assert (await streams.call(member_of(new_organisation()), "GET", "/api/inputs/dropdown")).ok()["objects"] == []
    schema = (await streams.call(admin, "GET", "/api/inputs/dropdown/schema/")).ok()
    assert "environment_id" in str(schema)


@pytest.mark.parametrize("caller", ["operator", "superuser"])
async def test_all_outputs_include_deleted_ones_and_those_of_deleted_environments(
    streams: StreamsUnderTest, caller: str
) -> None:
    organisation_id = new_organisation()
    admin = member_of(organisation_id)
    kept, deleted = await streams.environment(organisation_id), await streams.environment(organisation_id)
    for environment_id, output_id in ((kept, "live"), (kept, "removed"), (deleted, "billed")):
        body = {"id": output_id, **RTMP}
        (await streams.call(admin, "POST", env_path(environment_id, "/outputs/rtmp"), body)).ok(201)
    await streams.call(admin, "DELETE", env_path(kept, "/outputs/removed"))
    await streams.environment_became(organisation_id, deleted, "deleted")
    principal = member_of(organisation_id, "operator") if caller == "operator" else SUPERUSER
    query = "" if caller == "operator" else f"?taker_organisation_id={organisation_id}"
    listed = (await streams.call(principal, "GET", f"/api/outputs/all_environments{query}")).ok()["objects"]
    assert {o["id"]: (o["deleted"], o["environment_state"]) for o in listed} == {
        "live": (False, "running"), "removed": (True, "running"), "billed": (False, "deleted")}  # fmt: skip
    narrowed = f"/api/outputs/all_environments?environment_id={kept}&deleted=true"
    assert [o["id"] for o in (await streams.call(admin, "GET", narrowed)).ok()["objects"]] == ["removed"]
    stranger = member_of(new_organisation())
    assert (await streams.call(stranger, "GET", "/api/outputs/all_environments")).ok()["objects"] == []
