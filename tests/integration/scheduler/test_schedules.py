"""Schedules through the scheduler (A197, A198, A203–A206) on Postgres and RabbitMQ, with environments, inputs and
outputs learnt from their owners' integration events."""

from __future__ import annotations

import asyncio
import json
import uuid

from common.http.principal import Principal
from gateway.contract.events import OrganisationDeleted
from scheduler.adapters.projections import PROJECTIONS
from tests.integration.scheduler.conftest import SCHEDULES, SchedulerUnderTest, at
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


async def test_a_schedule_is_created_read_listed_updated_and_deleted(scheduler: SchedulerUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    env = await scheduler.studio(operator.managing_organisation_id)
    body = {"input_id": "in-0", "output_id": "out-0", "start_time": at(10), "end_time": at(70)}
    created = await scheduler.schedule(operator, body)
    assert (created["input_id"], created["output_id"], created["status"]) == ("in-0", "out-0", "scheduled")
    assert created["environment_id"] == str(env) and created["is_event_subscription"] is False
    uri = created["resource_uri"]
    assert (await scheduler.call(operator, "GET", uri)).ok() == created
    listed = (await scheduler.call(operator, "GET", SCHEDULES)).ok()["objects"]
    assert [s["id"] for s in listed] == [created["id"]]

    extended = (await scheduler.call(operator, "PATCH", uri, {"end_time": at(120)})).ok()
    assert extended["start_time"] == created["start_time"] and extended["end_time"] > created["end_time"]
    started = (await scheduler.call(operator, "PATCH", uri, {"start_time": "NOW"})).ok()
    assert started["status"] == "running"
    status = (await scheduler.call(operator, "GET", f"{uri}/status")).ok()
    assert status["status"] == "running" and status["set_version"] >= 1

    assert (await scheduler.call(operator, "DELETE", uri)).status == 204
    assert (await scheduler.call(operator, "GET", uri)).status == 404
    assert (await scheduler.call(operator, "GET", SCHEDULES)).ok()["objects"] == []
    assert (await scheduler.call(operator, "DELETE", uri)).status == 404


async def test_times_with_offsets_are_kept_in_utc_and_now_starts_it_now(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    await scheduler.studio(admin.managing_organisation_id)
    body = {"input_id": "in-0", "output_id": "out-0", "start_time": "2999-08-25T16:30:00+02:00",
            "end_time": "2999-08-25T16:45:00.5Z"}  # fmt: skip
    created = await scheduler.schedule(admin, body)
    assert created["start_time"].startswith("2999-08-25T14:30:00") and created["end_time"].startswith(
        "2999-08-25T16:45"
    )
    now = await scheduler.schedule(admin, {**body, "start_time": "NOW", "end_time": at(5)})
    assert now["status"] == "running"
    for reply in (created, now):  # the reply is made from what was recorded: it must be what a read returns
        assert (await scheduler.call(admin, "GET", reply["resource_uri"])).ok() == reply


async def test_bad_times_are_refused_naming_the_field(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    await scheduler.studio(admin.managing_organisation_id)
    good = {"input_id": "in-0", "output_id": "out-0", "start_time": at(10), "end_time": at(20)}
    cases = {
        "start_time": [{"start_time": "tomorrow"}, {"start_time": "2030-01-01T10:00:00"},
                       {"start_time": "2030-01-01 10:00:00Z"}, {"start_time": "now"}],
        "end_time": [{"end_time": "NOW"}, {"end_time": at(5)}, {"end_time": at(-1), "start_time": at(-5)}],
    }  # fmt: skip
    for field, changes in cases.items():
        for change in changes:
            reply = await scheduler.call(admin, "POST", SCHEDULES, {**good, **change})
            assert reply.status == 400, (change, reply.body)
            assert field in str(reply.body), (change, reply.body)


async def test_the_output_must_be_the_callers_and_the_input_on_its_environment(scheduler: SchedulerUnderTest) -> None:
    admin, other = member_of(new_organisation()), member_of(new_organisation())
    env = await scheduler.studio(admin.managing_organisation_id)
    elsewhere = await scheduler.studio(admin.managing_organisation_id)
    await scheduler.input(admin.managing_organisation_id or 0, elsewhere, "far")
    body = {"input_id": "in-0", "output_id": "out-0", "start_time": at(10), "end_time": at(20)}
    assert (await scheduler.call(other, "POST", SCHEDULES, body)).status == 404
    assert (await scheduler.call(admin, "POST", SCHEDULES, {**body, "output_id": "nope"})).status == 404
    far = await scheduler.call(admin, "POST", SCHEDULES, {**body, "input_id": "far"})
    assert far.status == 400 and "input_id" in str(far.body), far.body
    created = await scheduler.schedule(admin, body)
    assert created["environment_id"] == str(env)
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/status")):
        reply = await scheduler.call(other, method, created["resource_uri"] + suffix,
                                     {"end_time": at(30)} if method == "PATCH" else None)  # fmt: skip
        assert reply.status == 404, (method, suffix, reply.body)
    assert (await scheduler.call(other, "GET", SCHEDULES)).ok()["objects"] == []


async def test_one_output_cannot_be_used_by_two_schedules_at_once(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    await scheduler.studio(admin.managing_organisation_id, inputs=2, outputs=2)
    first = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(10),
                                             "end_time": at(20)})  # fmt: skip
    clash = await scheduler.call(admin, "POST", SCHEDULES, {"input_id": "in-1", "output_id": "out-0",
                                                            "start_time": at(15), "end_time": at(25)})  # fmt: skip
    assert clash.status == 409 and first["id"] in clash.body["detail"], clash.body
    after = await scheduler.schedule(admin, {"input_id": "in-1", "output_id": "out-0", "start_time": first["end_time"],
                                             "end_time": at(30)})  # fmt: skip
    await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-1", "start_time": at(10),
                                     "end_time": at(20)})  # fmt: skip
    moved = await scheduler.call(admin, "PATCH", after["resource_uri"], {"start_time": at(19)})
    assert moved.status == 409 and first["id"] in moved.body["detail"], moved.body
    assert (await scheduler.call(admin, "DELETE", first["resource_uri"])).status == 204
    assert (await scheduler.call(admin, "PATCH", after["resource_uri"], {"start_time": at(19)})).ok()


async def test_a_monitor_reads_but_cannot_write(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin, monitor = member_of(organisation), member_of(organisation, "monitor")
    await scheduler.studio(organisation)
    created = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(1),
                                               "end_time": at(2)})  # fmt: skip
    assert (await scheduler.call(monitor, "GET", created["resource_uri"])).ok()["id"] == created["id"]


async def test_the_projections_rebuild_identically(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    await scheduler.studio(admin.managing_organisation_id)
    created = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(1),
                                               "end_time": at(2)})  # fmt: skip
    await scheduler.call(admin, "PATCH", created["resource_uri"], {"end_time": at(3)})
    drift = await drift_at_rest(scheduler.runtime.pool, "scheduler", f"rebuild_{uuid.uuid4().hex[:8]}", PROJECTIONS)
    assert not any(drift.values()), drift


async def test_concurrent_schedules_of_one_output_collide_and_one_wins(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    await scheduler.studio(admin.managing_organisation_id, inputs=1, outputs=1)
    bodies = [{"input_id": "in-0", "output_id": "out-0", "start_time": at(10 + i), "end_time": at(30 + i)}
              for i in range(8)]  # fmt: skip
    replies = await asyncio.gather(*(scheduler.call(admin, "POST", SCHEDULES, body) for body in bodies))
    assert sorted(r.status for r in replies) == [201] + [409] * 7, [(r.status, r.body) for r in replies]
    [winner] = [r.body["id"] for r in replies if r.status == 201]
    assert all(winner in r.body["detail"] for r in replies if r.status == 409)
    assert [s["id"] for s in (await scheduler.call(admin, "GET", SCHEDULES)).ok()["objects"]] == [winner]


async def test_an_output_or_input_deleted_takes_its_entries_out_of_the_set(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    organisation = admin.managing_organisation_id or 0
    env = await scheduler.studio(organisation, inputs=2, outputs=2)
    first = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                             "end_time": at(10)})  # fmt: skip
    await scheduler.schedule(admin, {"input_id": "in-1", "output_id": "out-1", "start_time": "NOW", "end_time": at(10)})
    assert await scheduler.set_of(env) == (2, 0)
    await scheduler.output_deleted(organisation, env, "out-0", 2)
    assert await scheduler.set_of(env) == (3, 0)
    status = (await scheduler.call(admin, "GET", f"{first['resource_uri']}/status")).ok()
    assert status["status"] == "failed" and "out-0" in status["reason"], status
    await scheduler.output_deleted(organisation, env, "out-0", 2)  # again: nothing changes
    await scheduler.input_deleted(organisation, env, "in-1", 2)
    assert await scheduler.set_of(env) == (4, 0)


async def test_a_refresh_pushes_the_set_again_for_the_environments_own_agent_or_a_worker(
    scheduler: SchedulerUnderTest,
) -> None:
    admin = member_of(new_organisation())
    env = await scheduler.studio(admin.managing_organisation_id)
    own, other = (Principal(kind="agent", environment_id=e) for e in (env, uuid.uuid4()))
    worker = Principal(kind="cloud_worker")
    path = f"/api/customer_environment/{env}/schedules"
    assert (await scheduler.call(own, "POST", f"{path}/refresh")).ok() == {"environment_id": str(env), "version": 0}
    await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW", "end_time": at(1)})
    sends = "SELECT type FROM scheduler.events WHERE stream_id = $1 ORDER BY version"
    assert (await scheduler.call(own, "POST", f"{path}/refresh")).ok()["version"] == 1
    assert (await scheduler.call(worker, "POST", f"{path}/worker_refresh")).ok()["version"] == 1
    assert await scheduler.set_of(env) == (1, 0)
    pushed = [r["type"] for r in await scheduler.runtime.pool.fetch(sends, f"schedules-set-{env}")]
    assert pushed == ["FullSetVersioned", "FullSetChased", "FullSetChased"]
    sent = [r["type"] for r in await scheduler.runtime.pool.fetch(sends, f"schedules-set-{env}-v1")]
    assert sent == ["FullSetComputed", "FullSetResent", "FullSetResent"]
    assert (await scheduler.call(other, "POST", f"{path}/refresh")).status == 404
    unknown = f"/api/customer_environment/{uuid.uuid4()}/schedules/worker_refresh"
    assert (await scheduler.call(worker, "POST", unknown)).status == 404


async def test_the_overview_shows_the_active_environments_schedules_in_a_period(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    env = await scheduler.studio(organisation, inputs=1, outputs=3)
    other = await scheduler.studio(organisation)
    made = [
        await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{i}", "start_time": at(start),
                                         "end_time": at(end)})
        for i, (start, end) in enumerate([(10, 20), (30, 40), (50, 60)])
    ]  # fmt: skip
    viewer = admin.model_copy(update={"active_environment_id": env, "active_role": "monitor"})
    everything = (await scheduler.call(viewer, "GET", "/api/schedule_overview")).ok()["objects"]
    assert [s["id"] for s in everything] == [s["id"] for s in made]
    period = f"end_time__gt={made[1]['start_time']}&start_time__lt={made[2]['start_time']}".replace("+", "%2B")
    assert [s["id"] for s in (await scheduler.call(viewer, "GET", f"/api/schedule_overview?{period}")).ok()[
        "objects"]] == [made[1]["id"]]  # fmt: skip
    elsewhere = viewer.model_copy(update={"active_environment_id": other})
    assert (await scheduler.call(elsewhere, "GET", "/api/schedule_overview")).ok()["objects"] == []
    stranger = member_of(new_organisation()).model_copy(update={"active_environment_id": env})
    assert (await scheduler.call(stranger, "GET", "/api/schedule_overview")).status == 404
    assert (await scheduler.call(admin, "GET", "/api/schedule_overview")).ok()["objects"] == []


async def test_an_organisation_deleted_takes_its_schedules_and_their_entries_with_it(
    scheduler: SchedulerUnderTest,
) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    env = await scheduler.studio(organisation, outputs=2)
    for i in range(2):
        await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{i}", "start_time": "NOW",
                                         "end_time": at(10)})  # fmt: skip
    assert await scheduler.set_of(env) == (2, 0)
    for _ in range(2):  # a second delivery changes nothing
        await scheduler.publish("gateway", OrganisationDeleted(organisation_id=organisation))

    async def gone() -> None:
        assert (await scheduler.call(admin, "GET", SCHEDULES)).ok()["objects"] == []
        assert await scheduler.set_of(env) == (4, 0)

    await eventually(gone, within=15)
    newest = "SELECT data FROM scheduler.events WHERE stream_id = $1"
    data = await scheduler.runtime.pool.fetchval(newest, f"schedules-set-{env}-v4")
    assert (json.loads(data) if isinstance(data, str) else data)["items"] == []
