"""The command API for schedules (P10) on Postgres and RabbitMQ: a running entry disconnected stops now, leaves the
pushed set and stays, finished, in the history; what cannot be disconnected is a problem naming the field."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

DISCONNECT = "/api/command/v1/schedule/disconnect"


async def test_a_running_schedule_is_disconnected_and_leaves_the_set(scheduler: SchedulerUnderTest) -> None:
    operator, stranger = member_of(new_organisation(), "operator"), member_of(new_organisation())
    env = await scheduler.studio(operator.managing_organisation_id, outputs=2)
    running = await scheduler.schedule(operator, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                                  "end_time": at(30)})  # fmt: skip
    later = await scheduler.schedule(operator, {"input_id": "in-0", "output_id": "out-1", "start_time": at(10),
                                                "end_time": at(30)})  # fmt: skip
    assert running["id"] in await scheduler.pushed(env)

    assert (await scheduler.call(stranger, "POST", DISCONNECT, {"schedule_id": running["id"]})).status == 404
    unknown = await scheduler.call(operator, "POST", DISCONNECT, {"schedule_id": str(uuid.uuid4())})
    assert unknown.status == 404
    bad = await scheduler.call(operator, "POST", DISCONNECT, {"schedule_id": "nope"})
    assert bad.status == 400 and "schedule_id" in str(bad.body)
    not_yet = await scheduler.call(operator, "POST", DISCONNECT, {"schedule_id": later["id"]})
    assert not_yet.status == 409 and "schedule_id" in str(not_yet.body)

    done = (await scheduler.call(operator, "POST", DISCONNECT, {"schedule_id": running["id"]})).ok()
    assert (done["status"], done["data"]["id"], done["data"]["status"]) == ("success", running["id"], "finished")
    assert datetime.fromisoformat(done["data"]["end_time"]) <= datetime.now(UTC)
    assert await scheduler.pushed(env) == {later["id"]}
    again = await scheduler.call(operator, "POST", DISCONNECT, {"schedule_id": running["id"]})
    assert again.status == 409

    async def in_history() -> None:
        runs = (await scheduler.call(operator, "GET", "/api/history/schedule_runs")).ok()["objects"]
        assert [(r["id"], r["disconnect_reason"]) for r in runs] == [(running["id"], "disconnected")]

    await eventually(in_history, within=20)
