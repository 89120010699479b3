"""Event subscriptions: made (A124) and changed (A125) here; listed, read and deleted as schedules (A197, A203,
A205), where ``is_event_subscription`` tells them apart. The caller's managing organisation takes the output and
must be shown the event: it owns it, or an invitation from the owner shows it all events or one of its labels."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from common.errors import Conflict, Invalid, NotFound
from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.principal import principal_of
from scheduler.config import SCHEMA
from scheduler.context import run_of, utc_now
from scheduler.contract.event_schemas import ChangeSubscription, Subscribe
from scheduler.contract.times import parse_when
from scheduler.entrypoints.guests import visible_events_sql
from scheduler.entrypoints.http.callers import managing, scope
from scheduler.entrypoints.http.schedules import output_environment, schedule_row, schedule_view
from scheduler.service_layer import subscriptions

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _event_environment(request: web.Request, organisation_id: int, event_id: uuid.UUID) -> uuid.UUID:
    """The environment of a live event the organisation is shown (a superuser: any), else 404 naming event_id; 409
    for an event without a source yet (made through the Event Center façade)."""
    row = await request.app[RUNTIME].pool.fetchrow(
        f"""SELECT e.environment_id FROM {SCHEMA}.live_events e
            WHERE e.id = $3 AND NOT e.deleted AND ($4 OR {visible_events_sql(SCHEMA)})""",
        None, organisation_id, event_id, principal_of(request).is_superuser,
    )  # fmt: skip
    if row is None:
        raise NotFound("event not found", "event_id")
    if row["environment_id"] is None:
        raise Conflict("the event has no source yet: give it an input of yours first (A121)", "event_id")
    return uuid.UUID(str(row["environment_id"]))


async def _same_environment(request: web.Request, taker: int, output_id: str, event_env: uuid.UUID) -> None:
    if await output_environment(request, taker, output_id) != event_env:
        raise Invalid("the output is not on the event's environment", "output_id")


def _when(value: str | None) -> Any:
    return None if value is None else parse_when(value)


async def subscribe(request: web.Request) -> web.Response:
    body, taker = await read_model(request, Subscribe), managing(request)
    environment_id = await _event_environment(request, taker, body.event_id)
    await _same_environment(request, taker, body.output_id, environment_id)
    schedule_id = await subscriptions.subscribe(
        run_of(request), utc_now(), taker, environment_id, body.event_id, body.output_id, body.timed_by_event_owner,
        _when(body.start_time), _when(body.end_time),
    )  # fmt: skip
    return created(schedule_view(await schedule_row(request, schedule_id, taker)), f"/api/schedules/{schedule_id}")


async def change(request: web.Request) -> web.Response:
    body, whose = await read_model(request, ChangeSubscription), scope(request, "event subscription")
    try:
        schedule_id = uuid.UUID(request.match_info["schedule_id"])
    except ValueError as exc:
        raise NotFound("event subscription not found") from exc
    row = await schedule_row(request, schedule_id, whose)
    if row["event_id"] is None:
        raise NotFound("event subscription not found")
    environment_id = await _event_environment(request, row["organisation_id"], row["event_id"])
    if body.output_id is not None:
        await _same_environment(request, row["organisation_id"], body.output_id, environment_id)
    timed = row["timed_by_event_owner"] if body.timed_by_event_owner is None else body.timed_by_event_owner
    start = _when(body.start_time) or (None if timed else row["start_time"])
    end = _when(body.end_time) or (None if timed else row["end_time"])
    await subscriptions.change(run_of(request), utc_now(), whose, schedule_id, body.output_id, timed, start, end)
    return json_response(schedule_view(await schedule_row(request, schedule_id, whose)))


HANDLERS: dict[str, Handler] = {"subscriptions.create": subscribe, "subscriptions.update": change}
