"""Schedules of the managing organisation: listed (A197), created (A198), read (A203), updated (A204), deleted
(A205) and their status (A206). The status is the clock's (scheduled, running, finished) beside what the
environment's agent said it holds of the environment's full set."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiohttp import web

from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import not_found
from common.listing import Field, ListSpec
from scheduler.adapters.projections import created_row
from scheduler.config import SCHEMA
from scheduler.context import run_of, utc_now
from scheduler.contract.schemas import (
    CreatePermanentSchedule,
    CreateSchedule,
    DisconnectSchedule,
    ScheduleCommandReply,
    ScheduleStatusView,
    ScheduleView,
    StatusNow,
    UpdateSchedule,
)
from scheduler.contract.times import parse_start, parse_when
from scheduler.domain.schedule_set import KIND
from scheduler.entrypoints.http.callers import managing, scope
from scheduler.service_layer import schedules, sets

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SCHEDULES = ListSpec(
    source=f"{SCHEMA}.schedules",
    fields=[
        Field("id", "uuid"),
        Field("organisation_id", "integer", filterable=False),
        Field("environment_id", "uuid"),
        Field("input_id", max_length=128),
        Field("output_id", max_length=128),
        Field("start_time", "datetime"),
        Field("end_time", "datetime"),
        Field("created_at", "datetime"),
        Field("updated_at", "datetime"),
    ],
    default_order="start_time",
)
HISTORY = replace(SCHEDULES, default_order="-start_time")
LIVE = "NOT deleted"
CAPACITY = "capacity: its environment's instance type cannot carry it beside the schedules that start before it"


def _uri(schedule_id: object) -> str:
    return f"/api/schedules/{schedule_id}"


def schedule_view(row: Any) -> ScheduleView:
    now = utc_now()
    status = "scheduled" if now < row["start_time"] else "running" if now < row["end_time"] else "finished"
    return ScheduleView.model_validate({**row, "status": status, "resource_uri": _uri(row["id"]),
                                        "is_event_subscription": row["event_id"] is not None,
                                        "is_permanent": row["permanent"]})  # fmt: skip


def _managing(request: web.Request) -> int:
    return managing(request)


def _scope(request: web.Request) -> int | None:
    return scope(request, "schedule")


def _schedule_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["schedule_id"])
    except ValueError as exc:
        raise not_found("schedule") from exc


async def schedule_row(request: web.Request, schedule_id: uuid.UUID, scope: int | None) -> Any:
    row = await request.app[RUNTIME].pool.fetchrow(
        f"""SELECT * FROM {SCHEMA}.schedules WHERE id = $1 AND {LIVE}
              AND ($2::integer IS NULL OR organisation_id = $2)""",
        schedule_id, scope,
    )  # fmt: skip
    if row is None:
        raise not_found("schedule")
    return row


async def output_environment(request: web.Request, taker: int, output_id: str) -> uuid.UUID:
    environment_id = await request.app[RUNTIME].pool.fetchval(
        f"SELECT environment_id FROM {SCHEMA}.outputs WHERE taker_organisation_id = $1 AND id = $2 AND NOT deleted",
        taker, output_id,
    )  # fmt: skip
    if environment_id is None:
        raise not_found("output")
    return uuid.UUID(str(environment_id))


async def list_schedules(request: web.Request) -> web.Response:
    return await page(request, SCHEDULES, schedule_view, ["organisation_id = $1", LIVE], [_managing(request)])


async def input_history(request: web.Request) -> web.Response:
    """A076: never another organisation's view of the input (a destination taker's included)."""
    return await _history(request, "input_organisation_id", "input_id")


async def output_history(request: web.Request) -> web.Response:
    return await _history(request, "organisation_id", "output_id")


async def _history(request: web.Request, owner: str, endpoint: str) -> web.Response:
    try:
        environment_id = uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("environment") from exc
    where = ["environment_id = $1", f"{endpoint} = $2", LIVE, f"($3::integer IS NULL OR {owner} = $3)"]
    params = [environment_id, request.match_info[endpoint], _scope(request)]
    return await page(request, HISTORY, schedule_view, where, params)


async def overview(request: web.Request) -> web.Response:
    principal = principal_of(request)
    environment_id = principal.active_environment_id
    if environment_id is None:  # nothing to show: an empty page, as for any collection
        return await page(request, SCHEDULES, schedule_view, ["false"])
    owner = await request.app[RUNTIME].pool.fetchval(
        f"SELECT organisation_id FROM {SCHEMA}.environments WHERE id = $1", environment_id
    )
    if owner is None or not (principal.is_superuser or owner == principal.active_organisation_id):
        raise not_found("active environment")
    return await page(request, SCHEDULES, schedule_view, ["environment_id = $1", LIVE], [environment_id])


async def create(request: web.Request) -> web.Response:
    body, taker = await read_model(request, CreateSchedule), _managing(request)
    environment_id = await output_environment(request, taker, body.output_id)
    made = await schedules.create(run_of(request), utc_now(), taker, environment_id, body.input_id, body.output_id,
                                  parse_start(body.start_time), parse_when(body.end_time))  # fmt: skip
    return _created(made)


async def create_permanent(request: web.Request) -> web.Response:
    body, taker = await read_model(request, CreatePermanentSchedule), _managing(request)
    environment_id = await output_environment(request, taker, body.output_id)
    start = None if body.start_time is None else parse_start(body.start_time)
    made = await schedules.create_permanent(run_of(request), utc_now(), taker, environment_id, body.input_id,
                                            body.output_id, start)  # fmt: skip
    return _created(made)


def _created(made: schedules.Created) -> web.Response:
    """Answered from what the unit recorded, as a read of the row would: no round trip to read it back."""
    view = schedule_view(created_row(made.event, made.recorded_at))
    return created(view, _uri(view.id))


async def disconnect(request: web.Request) -> web.Response:
    body, scope = await read_model(request, DisconnectSchedule), _scope(request)
    await schedules.disconnect(run_of(request), utc_now(), scope, body.schedule_id)
    view = schedule_view(await schedule_row(request, body.schedule_id, scope))
    return json_response(ScheduleCommandReply(status="success", message=f"schedule {view.id} disconnected",
                                              data=view))  # fmt: skip


async def get_schedule(request: web.Request) -> web.Response:
    return json_response(schedule_view(await schedule_row(request, _schedule_id(request), _scope(request))))


async def update(request: web.Request) -> web.Response:
    body, schedule_id, scope = await read_model(request, UpdateSchedule), _schedule_id(request), _scope(request)
    start = None if body.start_time is None else parse_start(body.start_time)
    end = None if body.end_time is None else parse_when(body.end_time)
    await schedules.update(run_of(request), utc_now(), scope, schedule_id, start, body.start_time is None, end)
    return json_response(schedule_view(await schedule_row(request, schedule_id, scope)))


async def delete(request: web.Request) -> web.Response:
    await schedules.delete(run_of(request), utc_now(), _scope(request), _schedule_id(request))
    return web.Response(status=204)


async def status(request: web.Request) -> web.Response:
    row, pool = await schedule_row(request, _schedule_id(request), _scope(request)), request.app[RUNTIME].pool
    pushed = await pool.fetchrow(
        f"SELECT version, applied FROM {SCHEMA}.full_sets WHERE set_kind = $1 AND target_id = $2",
        KIND, row["environment_id"],
    )  # fmt: skip
    view, reason = schedule_view(row), await _gone(pool, row)
    now: StatusNow = "failed" if reason and view.status != "finished" else view.status
    if now in ("scheduled", "running") and await sets.not_started(run_of(request), row["environment_id"], row["id"],
                                                                    utc_now()):  # fmt: skip
        now, reason = "not_started", CAPACITY
    return json_response(ScheduleStatusView(
        id=view.id, status=now, reason=reason, set_version=pushed["version"] if pushed else 0,
        agent_set_version=pushed["applied"] if pushed else 0,
    ))  # fmt: skip


async def _gone(pool: Any, row: Any) -> str | None:
    """Why the schedule cannot run any more: its input or output is no longer on its environment, or (a permanent
    one) its output's agreement was released or finished."""
    for side, table, organisation, endpoint in (
        ("input", "inputs", "organisation_id", row["input_id"]),
        ("output", "outputs", "taker_organisation_id", row["output_id"]),
    ):
        owner = row["input_organisation_id"] if side == "input" else row["organisation_id"]
        there = await pool.fetchval(
            f"""SELECT NOT deleted AND environment_id = $3 FROM {SCHEMA}.{table}
                WHERE {organisation} = $1 AND id = $2""",
            owner, endpoint, row["environment_id"],
        )  # fmt: skip
        if not there:
            return f"its {side} {endpoint!r} is no longer on the environment"
    if row["permanent"] and not await pool.fetchval(
        f"""SELECT EXISTS (SELECT 1 FROM {SCHEMA}.agreements WHERE organisation_id = $1 AND output_id = $2
                AND environment_id = $3 AND NOT finished)""",
        row["organisation_id"], row["output_id"], row["environment_id"],
    ):  # fmt: skip
        return f"the agreement of its output {row['output_id']!r} was released or has finished"
    return None


HANDLERS: dict[str, Handler] = {
    "schedules.list": list_schedules,
    "schedules.schema": schema_handler(SCHEDULES, "Schedules of the managing organisation"),
    "schedules.overview": overview,
    "schedules.input_history": input_history,
    "schedules.input_history_schema": schema_handler(HISTORY, "Schedules of an input, newest first"),
    "schedules.output_history": output_history,
    "schedules.output_history_schema": schema_handler(HISTORY, "Schedules of an output, newest first"),
    "schedules.overview_schema": schema_handler(SCHEDULES, "Schedules of the active environment"),
    "schedules.create": create,
    "schedules.create_permanent": create_permanent,
    "schedules.get": get_schedule,
    "commands.disconnect_schedule": disconnect,
    "schedules.update": update,
    "schedules.delete": delete,
    "schedules.status": status,
}
