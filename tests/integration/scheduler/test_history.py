"""An input's and an output's schedule history (A076, A108) on Postgres and RabbitMQ: every schedule of the
endpoint, newest first, for its owner (the input) or its taker (the output); a destination taker never sees an
input's history."""

from __future__ import annotations

from common.http.principal import Principal
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.integration.scheduler.test_subscriptions import event_on, shown_all_events, subscribe
from tests.support.service_under_test import member_of, new_organisation


async def test_an_inputs_history_is_its_owners_and_an_outputs_its_takers(scheduler: SchedulerUnderTest) -> None:
    owner, guest = new_organisation(), new_organisation()
    admin, guest_admin, stranger = member_of(owner), member_of(guest), member_of(new_organisation())
    env = await scheduler.studio(owner, outputs=2)
    await scheduler.output(guest, env, "guest-out")
    earlier = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                               "end_time": at(10)})  # fmt: skip
    later = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-1", "start_time": at(20),
                                             "end_time": at(30)})  # fmt: skip
    gone = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(40),
                                            "end_time": at(50)})  # fmt: skip
    assert (await scheduler.call(admin, "DELETE", gone["resource_uri"])).status == 204
    await shown_all_events(scheduler, owner, guest)
    taken = await subscribe(scheduler, guest_admin, event_id=(await event_on(scheduler, admin))["id"],
                            output_id="guest-out")  # fmt: skip

    async def ids(who: Principal, path: str, query: str = "") -> list[str]:
        return [s["id"] for s in (await scheduler.call(who, "GET", f"{path}{query}")).ok()["objects"]]

    inputs, outputs = f"/api/customer_environment/{env}/inputs", f"/api/customer_environment/{env}/outputs"
    assert await ids(admin, f"{inputs}/in-0/schedules") == [taken["id"], later["id"], earlier["id"]]
    assert await ids(admin, f"{inputs}/in-0/schedules", "?output_id=out-1") == [later["id"]]
    assert await ids(admin, f"{inputs}/in-0/schedules", "?order_by=start_time&limit=1") == [earlier["id"]]
    assert await ids(guest_admin, f"{inputs}/in-0/schedules") == []  # the destination taker sees none
    assert await ids(stranger, f"{inputs}/in-0/schedules") == []
    assert await ids(admin, f"{outputs}/out-0/schedules") == [earlier["id"]]
    assert await ids(guest_admin, f"{outputs}/guest-out/schedules") == [taken["id"]]
    assert await ids(admin, f"{outputs}/guest-out/schedules") == []
    superuser = Principal(kind="user", is_superuser=True)
    assert await ids(superuser, f"{outputs}/guest-out/schedules") == [taken["id"]]
    bad = await scheduler.call(admin, "GET", f"{inputs}/in-0/schedules?colour=red")
    assert bad.status == 400 and "colour" in str(bad.body)
    schema = (await scheduler.call(admin, "GET", f"{inputs}/in-0/schedules/schema/")).ok()
    assert schema["default_order"] == "-start_time"
