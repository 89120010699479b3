"""A c_env's capacity (decision 76) on Postgres and RabbitMQ: the instance type named when the environment was
requested bounds how many outputs run at once; the schedules beyond it are left out of the pushed set and their
status says why, until a release lets them in."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation

NEWEST = """SELECT data FROM scheduler.events WHERE stream_id LIKE $1 AND type = 'FullSetComputed'
            ORDER BY position DESC LIMIT 1"""


async def newest_items(scheduler: SchedulerUnderTest, env: uuid.UUID) -> list[dict[str, Any]]:
    data = await scheduler.runtime.pool.fetchval(NEWEST, f"schedules-set-{env}-v%")
    return list((json.loads(data) if isinstance(data, str) else data)["items"])


async def test_schedules_beyond_the_instance_types_outputs_do_not_start_until_one_goes(
    scheduler: SchedulerUnderTest,
) -> None:
    admin = member_of(new_organisation())
    organisation = admin.managing_organisation_id or 0
    env = await scheduler.environment(organisation, instance_type="standard")  # local/standard: 10 outputs
    await scheduler.input(organisation, env, "in-0")
    made = []
    for n in range(11):
        await scheduler.output(organisation, env, f"out-{n}")
        made.append(await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{n}",
                                                     "start_time": at(5), "end_time": at(30)}))  # fmt: skip

    async def pushed() -> set[str]:
        return {item["schedule_id"] for item in await newest_items(scheduler, env)}

    last = made[-1]
    assert await pushed() == {m["id"] for m in made[:10]}
    status = (await scheduler.call(admin, "GET", f"{last['resource_uri']}/status")).ok()
    assert status["status"] == "not_started" and status["reason"].startswith("capacity"), status
    first = (await scheduler.call(admin, "GET", f"{made[0]['resource_uri']}/status")).ok()
    assert first["status"] == "scheduled" and first["reason"] is None

    assert (await scheduler.call(admin, "DELETE", made[0]["resource_uri"])).status == 204
    assert await pushed() == {m["id"] for m in made[1:]}
    status = (await scheduler.call(admin, "GET", f"{last['resource_uri']}/status")).ok()
    assert status["status"] == "scheduled" and status["reason"] is None


async def test_an_unknown_instance_type_carries_what_it_is_given(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    env = await scheduler.studio(admin.managing_organisation_id, outputs=11)  # "small": not in the catalogue
    for n in range(11):
        await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{n}", "start_time": "NOW",
                                         "end_time": at(30)})  # fmt: skip
    assert len(await newest_items(scheduler, env)) == 11
