"""Event subscriptions (A124, A125) on Postgres and RabbitMQ: schedule entries timed by their event or by their own
times, listed among schedules, moved with their event, and the environment's full set pushed with every change."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from common import full_sets
from common.http.principal import Principal
from gateway.contract import events as g
from scheduler.context import runner
from scheduler.domain import environment, schedule_set
from scheduler.service_layer.units import load
from tests.integration.scheduler.conftest import SCHEDULES, SchedulerUnderTest, at
from tests.integration.scheduler.test_events import EVENTS
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

SUBSCRIPTIONS = "/api/event_subscriptions"
BASE = datetime(2999, 3, 1, 12, tzinfo=UTC)


def instant(hours: float) -> str:
    return (BASE + timedelta(hours=hours)).isoformat().replace("+00:00", "Z")


async def event_on(scheduler: SchedulerUnderTest, admin: Principal, start: float = 0, end: float = 2) -> dict[str, Any]:
    body = {"input_id": "in-0", "name": "Final", "start_time": instant(start), "end_time": instant(end)}
    return dict((await scheduler.call(admin, "POST", EVENTS, body)).ok(201))


async def subscribe(scheduler: SchedulerUnderTest, who: Principal, status: int = 201, **body: Any) -> dict[str, Any]:
    reply = await scheduler.call(who, "POST", SUBSCRIPTIONS, body)
    assert reply.status == status, reply.body
    return dict(reply.body or {})


async def newest_set(scheduler: SchedulerUnderTest, env: uuid.UUID) -> tuple[int, list[dict[str, Any]]]:
    async def unit(work: Any) -> tuple[int, list[dict[str, Any]]]:
        control, items = await full_sets.newest(work, schedule_set.KIND, env)
        return control.version, items

    return await runner(scheduler.runtime)(unit)


async def recomputed(scheduler: SchedulerUnderTest, env: uuid.UUID) -> list[dict[str, Any]]:
    """The set a fresh recompute of the environment's stream gives now."""

    async def unit(work: Any) -> list[dict[str, Any]]:
        return schedule_set.items(await load(work, environment.stream_id(env), environment.fold), datetime.now(UTC))

    return await runner(scheduler.runtime)(unit)


async def shown_all_events(scheduler: SchedulerUnderTest, owner: int, guest: int) -> uuid.UUID:
    """The owner's registered invitation of the guest, accepted, showing it every event."""
    invitation = uuid.uuid4()
    await scheduler.publish("gateway", g.SourceInvitationAccepted(organisation_id=owner, invitation_id=invitation,
                                                                  guest_organisation_id=guest))  # fmt: skip
    await scheduler.publish("gateway", g.SourcePermissionsChanged(
        organisation_id=owner, invitation_id=invitation, guest_organisation_id=guest, show_all_channels=False,
        show_all_events=True, registered=True, billing_source="source_owner", global_max_destinations=1))  # fmt: skip
    sql = "SELECT show_all_events::int FROM scheduler.guest_invitations WHERE invitation_id = $1"
    await scheduler._until(sql, 1, invitation)
    return invitation


async def test_a_subscription_timed_by_the_event_moves_with_it_and_is_pushed(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation, "operator")
    env = await scheduler.studio(organisation, inputs=2, outputs=2)
    event = await event_on(scheduler, admin)
    timed = await subscribe(scheduler, admin, event_id=event["id"], output_id="out-0", timed_by_event_owner=True)
    own = await subscribe(scheduler, admin, event_id=event["id"], output_id="out-1", timed_by_event_owner=False,
                          start_time=instant(1), end_time=instant(3))  # fmt: skip
    assert timed["is_event_subscription"] and timed["event_id"] == event["id"] and timed["timed_by_event_owner"]
    assert (timed["start_time"], timed["end_time"]) == (event["start_time"], event["end_time"])
    listed = (await scheduler.call(admin, "GET", SCHEDULES)).ok()["objects"]
    assert sorted(s["id"] for s in listed if s["is_event_subscription"]) == sorted([timed["id"], own["id"]])
    version, items = await newest_set(scheduler, env)
    assert {i["schedule_id"] for i in items} == {timed["id"], own["id"]}

    moved = {"start_time": instant(5), "end_time": instant(8), "input_id": "in-1"}
    assert (await scheduler.call(admin, "PUT", event["resource_uri"], moved)).status == 200
    after_timed = (await scheduler.call(admin, "GET", timed["resource_uri"])).ok()
    after_own = (await scheduler.call(admin, "GET", own["resource_uri"])).ok()
    assert (after_timed["start_time"], after_timed["end_time"]) == ("2999-03-01T17:00:00Z", "2999-03-01T20:00:00Z")
    assert (after_own["start_time"], after_own["end_time"]) == (own["start_time"], own["end_time"])
    assert after_timed["input_id"] == after_own["input_id"] == "in-1"
    pushed, items = await newest_set(scheduler, env)
    assert pushed == version + 1
    assert items == await recomputed(scheduler, env)
    by_id = {i["schedule_id"]: i for i in items}
    assert (by_id[timed["id"]]["start"], by_id[timed["id"]]["input_id"]) == ("2999-03-01T17:00:00Z", "in-1")


async def test_overlaps_are_refused_as_for_schedules(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    env = await scheduler.studio(organisation, outputs=2)
    event = await event_on(scheduler, admin)
    other = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": instant(3),
                                             "end_time": instant(4)})  # fmt: skip
    clash = await subscribe(scheduler, admin, 409, event_id=event["id"], output_id="out-0", timed_by_event_owner=False,
                            start_time=instant(1), end_time=instant(3.5))  # fmt: skip
    assert other["id"] in clash["detail"]
    timed = await subscribe(scheduler, admin, event_id=event["id"], output_id="out-0")
    before = await newest_set(scheduler, env)
    refused = await scheduler.call(admin, "PUT", event["resource_uri"], {"end_time": instant(3.5)})
    assert refused.status == 409 and other["id"] in refused.body["detail"], refused.body
    assert (await scheduler.call(admin, "GET", timed["resource_uri"])).ok()["end_time"] == event["end_time"]
    assert (await scheduler.call(admin, "GET", EVENTS)).ok()["objects"][0]["end_time"] == event["end_time"]
    assert await newest_set(scheduler, env) == before
    twice = await subscribe(scheduler, admin, 409, event_id=event["id"], output_id="out-0")
    assert timed["id"] in twice["detail"]


async def test_bad_subscriptions_are_refused_naming_the_field(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    await scheduler.studio(organisation)
    elsewhere = await scheduler.studio(organisation, inputs=0, outputs=0)
    await scheduler.output(organisation, elsewhere, "far")
    event = await event_on(scheduler, admin)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"timed_by_event_owner": False}, 400, "start_time"),
        ({"timed_by_event_owner": False, "start_time": instant(1)}, 400, "start_time"),
        ({"start_time": instant(1), "end_time": instant(2)}, 400, "start_time"),
        ({"timed_by_event_owner": False, "start_time": instant(2), "end_time": instant(1)}, 400, "end_time"),
        ({"timed_by_event_owner": False, "start_time": at(-20), "end_time": at(-10)}, 400, "end_time"),
        ({"output_id": "far"}, 400, "output_id"),
        ({"output_id": "nope"}, 404, "output"),
        ({"event_id": str(uuid.uuid4())}, 404, "event"),
    ]
    for change, status, field in cases:
        reply = await scheduler.call(admin, "POST", SUBSCRIPTIONS, {"event_id": event["id"], "output_id": "out-0",
                                                                    **change})  # fmt: skip
        assert reply.status == status and field in str(reply.body), (change, reply.status, reply.body)
    plain = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": at(1),
                                             "end_time": at(2)})  # fmt: skip
    assert (await scheduler.call(admin, "PUT", f"{SUBSCRIPTIONS}/{plain['id']}", {"output_id": "out-0"})).status == 404


async def test_a_guest_shown_the_event_subscribes_its_own_output_others_cannot(scheduler: SchedulerUnderTest) -> None:
    owner, guest = new_organisation(), new_organisation()
    admin, guest_admin, stranger = member_of(owner), member_of(guest), member_of(new_organisation())
    env = await scheduler.studio(owner)
    await scheduler.output(guest, env, "guest-out")
    event = await event_on(scheduler, admin)
    await subscribe(scheduler, guest_admin, 404, event_id=event["id"], output_id="guest-out")
    await subscribe(scheduler, stranger, 404, event_id=event["id"], output_id="guest-out")
    invitation = await shown_all_events(scheduler, owner, guest)
    taken = await subscribe(scheduler, guest_admin, event_id=event["id"], output_id="guest-out")
    assert taken["organisation_id"] == guest and taken["input_id"] == "in-0"
    assert (await scheduler.call(admin, "GET", taken["resource_uri"])).status == 404  # the taker's, not the owner's
    assert (await scheduler.call(admin, "PUT", event["resource_uri"], {"start_time": instant(1)})).status == 200
    assert (await scheduler.call(guest_admin, "GET", taken["resource_uri"])).ok()["start_time"] == instant(1)
    assert taken["id"] in {i["schedule_id"] for i in (await newest_set(scheduler, env))[1]}

    deleted = g.SourceInvitationDeleted(organisation_id=owner, invitation_id=invitation, guest_organisation_id=guest,
                                        reason="deleted_by_owner")  # fmt: skip
    await scheduler.publish("gateway", deleted)

    async def withdrawn() -> None:  # by the sweep, once the read model says the guest may not see the event
        assert (await scheduler.call(guest_admin, "GET", taken["resource_uri"])).status == 404
        assert taken["id"] not in {i["schedule_id"] for i in (await newest_set(scheduler, env))[1]}

    await eventually(withdrawn, within=20)
    await subscribe(scheduler, guest_admin, 404, event_id=event["id"], output_id="guest-out")


async def test_a_subscription_changes_output_and_timing_and_goes_with_its_event(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    env = await scheduler.studio(organisation, outputs=2)
    event = await event_on(scheduler, admin)
    made = await subscribe(scheduler, admin, event_id=event["id"], output_id="out-0")
    uri = f"{SUBSCRIPTIONS}/{made['id']}"
    assert (await scheduler.call(admin, "PUT", uri, {"timed_by_event_owner": False})).status == 400
    changed = (
        await scheduler.call(
            admin,
            "PUT",
            uri,
            {"output_id": "out-1", "timed_by_event_owner": False, "start_time": instant(1), "end_time": instant(1.5)},
        )
    ).ok()
    assert (changed["output_id"], changed["timed_by_event_owner"], changed["end_time"]) == (
        "out-1", False, "2999-03-01T13:30:00Z")  # fmt: skip
    await scheduler.call(admin, "PUT", event["resource_uri"], {"end_time": instant(9)})
    assert (await scheduler.call(admin, "GET", made["resource_uri"])).ok()["end_time"] == "2999-03-01T13:30:00Z"
    again = (await scheduler.call(admin, "PUT", uri, {"timed_by_event_owner": True})).ok()
    assert again["end_time"] == instant(9) and again["output_id"] == "out-1"
    patched = await scheduler.call(admin, "PATCH", made["resource_uri"], {"end_time": instant(10)})
    assert patched.status == 409 and "A125" in patched.body["detail"], patched.body
    assert (await scheduler.call(member_of(new_organisation()), "PUT", uri, {"output_id": "out-0"})).status == 404

    assert (await scheduler.call(admin, "DELETE", event["resource_uri"])).status == 204
    assert (await scheduler.call(admin, "GET", made["resource_uri"])).status == 404
    assert (await newest_set(scheduler, env))[1] == []


async def test_after_concurrent_event_changes_every_set_is_what_a_fresh_recompute_gives(
    scheduler: SchedulerUnderTest,
) -> None:
    """Property over random concurrent histories: event times changed at once from many requests, subscriptions made
    meanwhile, on two environments; whatever wins, each environment's newest pushed set equals a fresh recompute,
    and every subscription timed by an event holds that event's final times."""
    rng = random.Random(11)
    for _ in range(3):
        admins = [member_of(new_organisation()) for _ in range(2)]
        envs = [await scheduler.studio(a.managing_organisation_id, inputs=1, outputs=6) for a in admins]
        events = [await event_on(scheduler, a) for a in admins]
        first = [
            await subscribe(scheduler, a, event_id=e["id"], output_id="out-0")
            for a, e in zip(admins, events, strict=True)
        ]
        moves = [
            scheduler.call(a, "PUT", e["resource_uri"], {"start_time": instant(s), "end_time": instant(s + 1)})
            for a, e in zip(admins, events, strict=True) for s in rng.sample(range(1, 50), 5)
        ]  # fmt: skip
        joins = [
            scheduler.call(a, "POST", SUBSCRIPTIONS, {"event_id": e["id"], "output_id": f"out-{i}"})
            for a, e in zip(admins, events, strict=True) for i in range(1, 6)
        ]  # fmt: skip
        calls = moves + joins
        rng.shuffle(calls)
        replies = await asyncio.gather(*calls)
        assert all(r.status in (200, 201) for r in replies), [(r.status, r.body) for r in replies if r.status >= 300]
        for admin, env, event, subscribed in zip(admins, envs, events, first, strict=True):
            final = (await scheduler.call(admin, "GET", f"{EVENTS}?id={event['id']}")).ok()["objects"][0]
            _, items = await newest_set(scheduler, env)
            assert items == await recomputed(scheduler, env)
            assert len(items) == 6 and subscribed["id"] in {i["schedule_id"] for i in items}
            assert all((i["start"], i["end"]) == (final["start_time"], final["end_time"]) for i in items), items
