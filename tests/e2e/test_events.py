"""HTTP → gateway → scheduler → RabbitMQ → the environment's real agent: an event made through /api/events, a
subscription timed by it, and its times changed through the Event Center façade: the agent ends holding the full
set with the subscription at the event's new times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.test_schedules import held_by_agent
from tests.support.api import Api
from tests.support.environments import known_to_streams
from tests.support.platform import Platform
from tests.support.waiting import eventually


def _at(minutes: float) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).replace(microsecond=0).isoformat().replace("+00:00", "Z")


async def test_an_events_new_times_reach_the_agent_through_its_subscription(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]]
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", {"name": "events"})).ok(201)["id"]

    async def running() -> None:
        assert (await api.get(f"/api/customer_environment/{environment_id}")).ok()["state"] == "running"

    await eventually(running, within=45)
    await known_to_streams(api, environment_id)
    streams = f"/api/customer_environment/{environment_id}"
    (await api.post(f"{streams}/inputs/zixi_push", {"id": "events-cam"})).ok(201)
    (await api.post(f"{streams}/outputs/srt_listener", {"id": "events-out"})).ok(201)
    body = {"input_id": "events-cam", "name": "Derby", "start_time": _at(60), "end_time": _at(120)}

    async def made() -> dict[str, Any]:
        reply = await api.post("/api/events", body)
        assert reply.status == 201, reply.body
        return dict(reply.body)

    event = await eventually(made, within=20)

    async def subscribed() -> dict[str, Any]:
        reply = await api.post("/api/event_subscriptions", {"event_id": event["id"], "output_id": "events-out"})
        assert reply.status == 201, reply.body
        return dict(reply.body)

    subscription = await eventually(subscribed, within=20)
    [facade] = [e for e in (await api.get("/event-center-api/v3/events")).ok()["data"] if e["name"] == "Derby"]
    moved = {"version": facade["version"], "name": "Derby", "start": _at(180), "end": _at(240)}
    changed = (await api.put(f"/event-center-api/v3/events/{facade['id']}", moved)).ok()
    stale = await api.put(f"/event-center-api/v3/events/{facade['id']}", moved)
    assert (stale.status, stale.body["type"]) == (409, "/event-center/error-types/concurrent-modification")

    async def held() -> None:
        [entry] = held_by_agent(platform, environment_id)["entries"]
        assert entry["schedule_id"] == subscription["id"]
        assert (entry["start"], entry["end"]) == (changed["start"], changed["end"])

    await eventually(held, within=30)
