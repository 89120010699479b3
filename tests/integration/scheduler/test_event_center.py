"""The Event Center façade (K01–K08) over the scheduler's event aggregates, on Postgres and RabbitMQ: recurrence,
versions, duplicates, tags, countries, paging, the filters' bounds and its problem types."""

from __future__ import annotations

import uuid
from typing import Any

from common.http.principal import Principal
from tests.integration.scheduler.conftest import SchedulerUnderTest
from tests.integration.scheduler.test_events import EVENTS as NATIVE_EVENTS
from tests.integration.scheduler.test_subscriptions import SUBSCRIPTIONS, instant
from tests.support.service_under_test import member_of, new_organisation

ROOT = "/event-center-api/v3"
EVENTS = f"{ROOT}/events"
TYPES = "/event-center/error-types"


def editor() -> Principal:
    return member_of(new_organisation(), "operator").model_copy(update={"email": "vsnyder@example.com"})


def olympics(**changes: Any) -> dict[str, Any]:
    return {"name": "2018 Winter Olympics", "description": "XXIII Olympic Winter Games", "customerEventId": "xxiii",
            "start": instant(0), "end": instant(12), "audienceSize": 5_000_000, "audienceLocations": ["PL", "DE"],
            "coordinators": ["vsnyder"], "tags": ["winter", "olympics"],
            "objects": [{"id": 12345, "type": "UNIVERSAL_LIVE_STREAM", "bitrates": [5000, 10000]}],
            **changes}  # fmt: skip


async def test_a_recurring_event_is_created_read_updated_with_its_version_and_removed(
    scheduler: SchedulerUnderTest,
) -> None:
    who = editor()
    made = (await scheduler.call(who, "POST", EVENTS, olympics(recurrence={"frequency": "DAILY", "count": 3}))).ok()
    assert [e["start"] for e in made] == ["2999-03-01T12:00:00Z", "2999-03-02T12:00:00Z", "2999-03-03T12:00:00Z"]
    assert [e["end"] for e in made][-1] == "2999-03-04T00:00:00Z"
    first = made[0]
    assert isinstance(first["id"], int) and first["version"] == 0 and len({e["id"] for e in made}) == 3
    assert first["audienceLocations"] == [{"code": "PL", "name": "Poland"}, {"code": "DE", "name": "Germany"}]
    assert [t["name"] for t in first["tags"]] == ["winter", "olympics"] and first["tags"][0]["id"] >= 1
    assert first["coordinators"] == [{"userName": "vsnyder", "firstName": None, "lastName": None}]
    assert (first["createdBy"], first["modifiedBy"]) == ("vsnyder@example.com", "vsnyder@example.com")
    assert first["createdDate"].endswith("Z") and first["objects"][0]["bitrates"] == [5000, 10000]

    uri = f"{EVENTS}/{first['id']}"
    assert (await scheduler.call(who, "GET", uri)).ok() == first
    changer = who.model_copy(update={"email": "taklumiere@example.com"})
    updated = (await scheduler.call(changer, "PUT", uri, olympics(version=0, name="Finals", tags=["final"]))).ok()
    assert (updated["version"], updated["name"], updated["modifiedBy"]) == (1, "Finals", "taklumiere@example.com")
    assert updated["createdBy"] == "vsnyder@example.com" and [t["name"] for t in updated["tags"]] == ["final"]
    stale = await scheduler.call(who, "PUT", uri, olympics(version=0, name="Older"))
    assert (stale.status, stale.body["type"]) == (409, f"{TYPES}/concurrent-modification"), stale.body
    assert (await scheduler.call(who, "GET", uri)).ok()["name"] == "Finals"

    assert (await scheduler.call(who, "DELETE", uri)).status == 204
    assert (await scheduler.call(who, "GET", uri)).status == 404
    assert (await scheduler.call(who, "PUT", uri, olympics(version=1))).status == 404


async def test_the_same_name_start_and_end_is_a_duplicate(scheduler: SchedulerUnderTest) -> None:
    who = editor()
    (await scheduler.call(who, "POST", EVENTS, olympics())).ok()
    again = await scheduler.call(who, "POST", EVENTS, olympics(recurrence={"frequency": "HOURLY", "count": 5}))
    assert (again.status, again.body["type"]) == (409, f"{TYPES}/duplicate"), again.body
    listed = (await scheduler.call(who, "GET", EVENTS)).ok()
    assert listed["metadata"]["totalResultsCount"] == 1  # the recurrence made none of its events
    other = (await scheduler.call(who, "POST", EVENTS, olympics(end=instant(13)))).ok()[0]
    moved = await scheduler.call(who, "PUT", f"{EVENTS}/{other['id']}", olympics(version=0))
    assert (moved.status, moved.body["type"]) == (409, f"{TYPES}/duplicate"), moved.body
    assert (await scheduler.call(editor(), "POST", EVENTS, olympics())).status == 200  # another account


async def test_constraint_violations_are_400_naming_each_parameter(scheduler: SchedulerUnderTest) -> None:
    who = editor()
    cases = [
        ({"name": "n" * 751}, "name"), ({"description": "d" * 2001}, "description"),
        ({"customerEventId": "c" * 101}, "customerEventId"), ({"audienceSize": 0}, "audienceSize"),
        ({"audienceLocations": ["XX"]}, "audienceLocations"),
        ({"audienceLocations": ["PL", "PL"]}, "audienceLocations"),
        ({"audienceLocations": ["pl"]}, "audienceLocations"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"), ({"tags": ["a", "a"]}, "tags"),
        ({"tags": ["t" * 101]}, "tags"),
        ({"coordinators": ["c"] * 21}, "coordinators"),
        ({"end": instant(-1)}, "end"), ({"start": "yesterday"}, "start"),
        ({"start": "0001-01-01T00:00:00+02:00"}, "start"),
        ({"start": "9999-12-31T10:00:00Z", "end": "9999-12-31T11:00:00Z",
          "recurrence": {"frequency": "DAILY", "count": 2}}, "recurrence"),
        ({"recurrence": {"frequency": "YEARLY", "count": 2}}, "recurrence"),
        ({"recurrence": {"frequency": "DAILY", "count": 367}}, "recurrence"),
        ({"recurrence": {"frequency": "DAILY", "count": 0}}, "recurrence"),
        ({"objects": [{"id": 1, "type": "CP_CODE"}, {"id": 1, "type": "CP_CODE"}]}, "objects"),
        ({"objects": [{"id": 1, "type": "FLASH_LIVE_STREAM", "bitrates": list(range(1, 22))}]}, "objects"),
    ]  # fmt: skip
    for change, parameter in cases:
        reply = await scheduler.call(who, "POST", EVENTS, olympics(**change))
        assert reply.status == 400 and reply.body["type"] == f"{TYPES}/constraint-violation", (change, reply.body)
        assert any(e["parameter"].startswith(parameter) for e in reply.body["errors"]), (change, reply.body)
    queries = (("pageSize=1001", "pageSize"), ("page=0", "page"), ("sort=lastName,asc", "sort"),
               ("sort=name,up", "sort"), ("minStart=monday", "minStart"), ("tag=a%00b", "tag"))  # fmt: skip
    for query, parameter in queries:
        reply = await scheduler.call(who, "GET", f"{EVENTS}?{query}")
        assert reply.status == 400 and reply.body["type"] == f"{TYPES}/constraint-violation", (query, reply.body)
        assert [e["parameter"] for e in reply.body["errors"]] == [parameter], reply.body
    assert (await scheduler.call(who, "GET", EVENTS)).ok()["data"] == []
    huge = (await scheduler.call(who, "POST", EVENTS, olympics(audienceSize=2**62))).ok()[0]
    assert huge["audienceSize"] == 2**62


async def test_lists_page_sort_and_filter_with_the_bounds_as_listed(scheduler: SchedulerUnderTest) -> None:
    who = editor()
    made = (await scheduler.call(who, "POST", EVENTS, olympics(recurrence={"frequency": "HOURLY", "count": 5},
                                                               tags=["a"]))).ok()  # fmt: skip
    extra = (await scheduler.call(who, "POST", EVENTS, olympics(name="Alpha", customerEventId="z", tags=["b"]))).ok()
    ids = [e["id"] for e in made]
    page = (await scheduler.call(who, "GET", f"{EVENTS}?pageSize=2&page=2&sort=start,desc")).ok()
    assert page["metadata"] == {"page": 2, "pageSize": 2, "sort": [{"property": "start", "direction": "desc"}],
                                "totalResultsCount": 6, "totalPageCount": 3}  # fmt: skip
    assert [e["id"] for e in page["data"]] == [ids[2], ids[1]] and page["data"][0]["objects"] is None
    by_name = (await scheduler.call(who, "GET", EVENTS)).ok()
    assert by_name["data"][-1]["id"] == extra[0]["id"] and by_name["metadata"]["pageSize"] == 25  # "2018…" < "Alpha"

    def q(**bounds: str) -> str:
        return "&".join(f"{k}={v.replace(':', '%3A')}" for k, v in bounds.items())

    async def found(query: str) -> list[int]:
        return sorted(e["id"] for e in (await scheduler.call(who, "GET", f"{EVENTS}?{query}")).ok()["data"])

    starts, ends = [e["start"] for e in made], [e["end"] for e in made]
    assert await found(q(minStart=starts[1], maxStart=starts[3])) == ids[1:3]  # [incl, excl)
    assert await found(q(minEnd=ends[1], maxEnd=ends[3])) == ids[2:4]  # (excl, incl]
    assert await found("tag=b") == [extra[0]["id"]]
    assert await found("tag=a&tag=b") == sorted([*ids, extra[0]["id"]])
    assert await found("customerEventId=z") == [extra[0]["id"]]
    tags = (await scheduler.call(who, "GET", f"{ROOT}/tags?sort=name,desc&pageSize=1")).ok()
    assert [t["name"] for t in tags["data"]] == ["b"] and tags["metadata"]["totalPageCount"] == 2


async def test_another_account_sees_nothing_and_a_monitor_reads_only(scheduler: SchedulerUnderTest) -> None:
    who = editor()
    made = (await scheduler.call(who, "POST", EVENTS, olympics())).ok()[0]
    uri = f"{EVENTS}/{made['id']}"
    stranger = member_of(new_organisation())
    for method, body in (("GET", None), ("PUT", olympics(version=0)), ("DELETE", None)):
        assert (await scheduler.call(stranger, method, uri, body)).status == 404
    assert (await scheduler.call(stranger, "GET", EVENTS)).ok()["data"] == []
    assert (await scheduler.call(who, "GET", f"{EVENTS}/{10**30}")).status == 404
    monitor = member_of(who.managing_organisation_id or 0, "monitor")
    assert (await scheduler.call(monitor, "GET", uri)).status == 200
    assert (await scheduler.call(monitor, "DELETE", uri)).status == 403


async def test_a_sourced_events_times_changed_through_the_facade_move_its_subscriptions(
    scheduler: SchedulerUnderTest,
) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    await scheduler.studio(organisation)
    native = {"input_id": "in-0", "name": "Derby", "start_time": instant(0), "end_time": instant(2)}
    event = (await scheduler.call(admin, "POST", NATIVE_EVENTS, native)).ok(201)
    timed = (await scheduler.call(admin, "POST", SUBSCRIPTIONS, {"event_id": event["id"], "output_id": "out-0"})).ok(
        201
    )
    listed = (await scheduler.call(admin, "GET", EVENTS)).ok()["data"]
    [seen] = [e for e in listed if e["name"] == "Derby"]
    body = {"version": seen["version"], "name": "Derby", "start": instant(4), "end": instant(6)}
    assert (await scheduler.call(admin, "PUT", f"{EVENTS}/{seen['id']}", body)).ok()["version"] == 1
    schedule = (await scheduler.call(admin, "GET", timed["resource_uri"])).ok()
    assert (schedule["start_time"], schedule["end_time"]) == ("2999-03-01T16:00:00Z", "2999-03-01T18:00:00Z")
    native_view = (await scheduler.call(admin, "GET", f"{NATIVE_EVENTS}?id={event['id']}")).ok()["objects"][0]
    assert native_view["input_id"] == "in-0" and native_view["start_time"] == "2999-03-01T16:00:00Z"
    assert uuid.UUID(native_view["id"])


async def test_an_event_made_through_the_facade_takes_a_source_once_and_can_then_be_subscribed_to(
    scheduler: SchedulerUnderTest,
) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    studio = await scheduler.studio(organisation)
    elsewhere = await scheduler.environment(organisation)
    await scheduler.input(organisation, elsewhere, "far")
    [made] = (await scheduler.call(admin, "POST", EVENTS, olympics())).ok()
    [native] = [e for e in (await scheduler.call(admin, "GET", NATIVE_EVENTS)).ok()["objects"]
                if e["name"] == made["name"]]  # fmt: skip
    assert (native["environment_id"], native["input_id"]) == (None, "")
    uri = f"{NATIVE_EVENTS}/{native['id']}"
    refused = await scheduler.call(admin, "POST", SUBSCRIPTIONS, {"event_id": native["id"], "output_id": "out-0"})
    assert refused.status == 409 and "no source" in refused.body["detail"], refused.body

    sourced = (await scheduler.call(admin, "PUT", uri, {"input_id": "in-0"})).ok()
    assert (sourced["environment_id"], sourced["input_id"]) == (str(studio), "in-0")
    assert (await scheduler.call(admin, "GET", f"{EVENTS}/{made['id']}")).ok()["customerEventId"] == "xxiii"
    (await scheduler.call(admin, "POST", SUBSCRIPTIONS, {"event_id": native["id"], "output_id": "out-0"})).ok(201)
    moved = await scheduler.call(admin, "PUT", uri, {"input_id": "far"})
    assert moved.status == 400 and "input_id" in str(moved.body), moved.body
    unknown = await scheduler.call(admin, "PUT", f"{NATIVE_EVENTS}/{native['id']}", {"input_id": "nope"})
    assert unknown.status in (400, 404), unknown.body
