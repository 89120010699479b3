"""A c_env's capacity (decision 76) on Postgres and RabbitMQ: the instance type named when the environment was
requested bounds how many outputs run at once; the schedules beyond it are left out of the pushed set and their
status says why, until a release lets them in."""

from __future__ import annotations

from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation


async def test_schedules_beyond_the_instance_types_outputs_do_not_start_until_one_goes(
    scheduler: SchedulerUnderTest,
) -> None:
    admin = member_of(new_organisation())
    env, made = await scheduler.crowded(admin, count=11)
    last = made[-1]
    assert await scheduler.pushed(env) == {m["id"] for m in made[:10]}
    status = (await scheduler.call(admin, "GET", f"{last['resource_uri']}/status")).ok()
    assert status["status"] == "not_started" and status["reason"].startswith("capacity"), status
    first = (await scheduler.call(admin, "GET", f"{made[0]['resource_uri']}/status")).ok()
    assert first["status"] == "scheduled" and first["reason"] is None

    assert (await scheduler.call(admin, "DELETE", made[0]["resource_uri"])).status == 204
    assert await scheduler.pushed(env) == {m["id"] for m in made[1:]}
    status = (await scheduler.call(admin, "GET", f"{last['resource_uri']}/status")).ok()
    assert status["status"] == "scheduled" and status["reason"] is None


async def test_an_unknown_instance_type_carries_what_it_is_given(scheduler: SchedulerUnderTest) -> None:
    admin = member_of(new_organisation())
    env = await scheduler.studio(admin.managing_organisation_id, outputs=11)  # "small": not in the catalogue
    made = [await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{n}", "start_time": "NOW",
                                             "end_time": at(30)}) for n in range(11)]  # fmt: skip
    assert await scheduler.pushed(env) == {m["id"] for m in made}
