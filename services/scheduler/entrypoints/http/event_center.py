"""The Event Center façade (K01–K08) over the event aggregates: integer ids (the event's ``number``), versions for
optimistic locking, recurrence, tags with ids, audience locations as countries, its paging and sorting, and its
problem types for conflicts (decision 69)."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from common.errors import Invalid, NotFound
from common.http.app import RUNTIME
from common.http.bodies import json_response, read_model
from common.http.problems import FieldError, Problem, constraint_violation
from common.http.text import storable
from scheduler.config import SCHEMA
from scheduler.context import run_of, utc_now
from scheduler.contract import event_center as ec
from scheduler.contract.times import parse_when
from scheduler.domain.event_center import Duplicate, StaleVersion, country_name, occurrences
from scheduler.domain.live_events import Center, Details, LiveEvent
from scheduler.entrypoints.http.callers import managing, scope
from scheduler.entrypoints.http.events import author, next_number
from scheduler.service_layer import live_events
from scheduler.service_layer.live_events import Draft

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
EVENT_SORTS = {"name": "name", "start": "start_time", "end": "end_time"}
BOUNDS = (("minStart", "start_time >="), ("maxStart", "start_time <"), ("minEnd", "end_time >"),
          ("maxEnd", "end_time <="))  # fmt: skip


def _instant(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _event(row: Any, tags: Mapping[str, int], with_objects: bool) -> ec.CenterEvent:
    return ec.CenterEvent(
        id=row["number"], version=row["version"], name=row["name"], description=row["description"] or None,
        customerEventId=row["customer_event_id"], start=_instant(row["start_time"]), end=_instant(row["end_time"]),
        audienceSize=row["audience_size"],
        audienceLocations=[ec.Location(code=c, name=country_name(c)) for c in row["audience_locations"]],
        coordinators=[ec.Coordinator(userName=name) for name in row["coordinators"]],
        tags=[ec.Tag(id=tags[name], name=name) for name in row["tags"]],
        createdDate=_instant(row["created_at"]), createdBy=row["created_by"],
        modifiedDate=_instant(row["updated_at"]), modifiedBy=row["modified_by"],
        objects=_json(row["objects"]) if with_objects else None,
    )  # fmt: skip


def _json(value: Any) -> Any:
    """A jsonb column as the pool gives it (text, unless a codec is set)."""
    return json.loads(value) if isinstance(value, str) else value


async def _tags(request: web.Request, organisation_id: int) -> dict[str, int]:
    rows = await request.app[RUNTIME].pool.fetch(
        f"SELECT id, name FROM {SCHEMA}.event_tags WHERE organisation_id = $1", organisation_id
    )
    return {row["name"]: row["id"] for row in rows}


async def _row(request: web.Request) -> Any:
    try:
        number = int(request.match_info["eventId"])
    except ValueError as exc:
        raise NotFound("event not found") from exc
    if not 0 < number < 2**63:
        raise NotFound("event not found")
    row = await request.app[RUNTIME].pool.fetchrow(
        f"""SELECT * FROM {SCHEMA}.live_events WHERE number = $1 AND number > 0 AND NOT deleted
              AND ($2::integer IS NULL OR organisation_id = $2)""",
        number, scope(request, "event"),
    )  # fmt: skip
    if row is None:
        raise NotFound("event not found")
    return row


async def _answer(request: web.Request, event_id: uuid.UUID) -> ec.CenterEvent:
    row = await request.app[RUNTIME].pool.fetchrow(f"SELECT * FROM {SCHEMA}.live_events WHERE id = $1", event_id)
    return _event(row, await _tags(request, row["organisation_id"]), True)


async def _in_dialect(work: Awaitable[None]) -> None:
    """The façade's conflicts have problem types of their own."""
    try:
        await work
    except StaleVersion as exc:
        raise Problem(409, exc.detail, type=ec.CONCURRENT_MODIFICATION) from exc
    except Duplicate as exc:
        raise Problem(409, exc.detail, type=ec.DUPLICATE) from exc


def _center(body: ec.EventFields) -> Center:
    locations = tuple(body.audienceLocations or ())
    for code in locations:
        country_name(code)
    objects = tuple(o.model_dump(exclude_none=True) for o in body.objects or ())
    return Center(body.customerEventId, body.audienceSize, locations, tuple(body.coordinators or ()),
                  tuple(body.tags or ()), objects)  # fmt: skip


def _times(body: ec.EventFields) -> tuple[datetime, datetime]:
    start, end = parse_when(body.start), parse_when(body.end)
    if end <= start:
        raise Invalid("end must be after start", "end")
    return start, end


async def create(request: web.Request) -> web.Response:
    body, owner = await read_model(request, ec.EventCreate), managing(request)
    center, (start, end) = _center(body), _times(body)
    recurrence = body.recurrence
    windows = occurrences(
        start, end, recurrence.frequency if recurrence else None, recurrence.count if recurrence else 1
    )
    drafts = [Draft(uuid.uuid4(), await next_number(request),
                    Details("", body.name, body.description or "", (), begins, ends, center))
              for begins, ends in windows]  # fmt: skip
    await _in_dialect(live_events.create(run_of(request), utc_now(), owner, None, drafts, None, author(request)))
    answers = [await _answer(request, draft.event_id) for draft in drafts]
    return json_response(ec.CreatedEvents(answers))


async def get_event(request: web.Request) -> web.Response:
    row = await _row(request)
    return json_response(_event(row, await _tags(request, row["organisation_id"]), True))


async def update(request: web.Request) -> web.Response:
    body, row = await read_model(request, ec.EventUpdate), await _row(request)
    center, (start, end) = _center(body), _times(body)

    def revise(current: LiveEvent) -> tuple[Details, str | None]:
        if current.version != body.version:
            raise StaleVersion(f"the event is at version {current.version}, not {body.version}", "version")
        assert current.details is not None
        old = current.details
        return Details(
            old.input_id, body.name, body.description or "", old.label_ids, start, end, center
        ), current.image

    work = live_events.update(run_of(request), utc_now(), scope(request, "event"), row["id"], revise, None, False,
                              author(request))  # fmt: skip
    await _in_dialect(work)
    return json_response(await _answer(request, row["id"]))


async def delete(request: web.Request) -> web.Response:
    row = await _row(request)
    await live_events.delete(run_of(request), utc_now(), scope(request, "event"), row["id"])
    return web.Response(status=204)


def _paging(request: web.Request, sorts: Mapping[str, str], errors: list[FieldError]) -> tuple[int, int, str, str]:
    query = request.query
    page = _number(query.get("page", "1"), "page", 1, 2**31 - 1, errors)
    size = _number(query.get("pageSize", str(ec.DEFAULT_PAGE_SIZE)), "pageSize", 1, ec.MAX_PAGE_SIZE, errors)
    prop, _, direction = query.get("sort", "name,asc").partition(",")
    if prop not in sorts or direction not in ("asc", "desc"):
        errors.append(FieldError("sort", f"Invalid value: {query.get('sort')!r}: name|start|end,asc|desc", prop))
    return page, size, prop, direction


def _number(value: str, parameter: str, low: int, high: int, errors: list[FieldError]) -> int:
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        errors.append(FieldError(parameter, f"{parameter} must be an integer from {low} to {high}", value))
        return low
    return number


def _metadata(page: int, size: int, prop: str, direction: str, total: int) -> ec.PageMetadata:
    order = [ec.Order(property=prop, direction="desc" if direction == "desc" else "asc")]
    return ec.PageMetadata(page=page, pageSize=size, sort=order, totalResultsCount=total,
                           totalPageCount=math.ceil(total / size))  # fmt: skip


async def list_events(request: web.Request) -> web.Response:
    owner, errors = managing(request), list[FieldError]()
    where, params = ["organisation_id = $1", "NOT deleted", "number > 0"], list[Any]([owner])
    for parameter, condition in BOUNDS:
        if parameter in request.query:
            try:
                params.append(parse_when(request.query[parameter]))
                where.append(f"{condition} ${len(params)}")
            except ValueError as exc:
                errors.append(FieldError(parameter, f"{parameter}: {exc}", request.query[parameter]))
    for parameter, condition in (("tag", "tags && $%d::text[]"), ("customerEventId", "customer_event_id = ANY($%d)")):
        if parameter in request.query:
            values = request.query.getall(parameter)
            if not all(storable(value) for value in values):
                errors.append(FieldError(parameter, "text may not contain NUL characters or unpaired surrogates"))
            params.append(values)
            where.append(condition % len(params))
    page, size, prop, direction = _paging(request, EVENT_SORTS, errors)
    if errors:
        raise constraint_violation(errors, "the query is not valid")
    pool, clause = request.app[RUNTIME].pool, " AND ".join(where)
    total = await pool.fetchval(f"SELECT count(*) FROM {SCHEMA}.live_events WHERE {clause}", *params)
    rows = await pool.fetch(
        f"""SELECT * FROM {SCHEMA}.live_events WHERE {clause} ORDER BY {EVENT_SORTS[prop]} {direction}, number
            LIMIT {size} OFFSET {(page - 1) * size}""",
        *params,
    )  # fmt: skip
    tags = await _tags(request, owner)
    return json_response(ec.EventPage(metadata=_metadata(page, size, prop, direction, total),
                                      data=[_event(row, tags, False) for row in rows]))  # fmt: skip


async def list_tags(request: web.Request) -> web.Response:
    owner, errors = managing(request), list[FieldError]()
    page, size, prop, direction = _paging(request, {"name": "name"}, errors)
    if errors:
        raise constraint_violation(errors, "the query is not valid")
    pool = request.app[RUNTIME].pool
    total = await pool.fetchval(f"SELECT count(*) FROM {SCHEMA}.event_tags WHERE organisation_id = $1", owner)
    rows = await pool.fetch(
        f"""SELECT id, name FROM {SCHEMA}.event_tags WHERE organisation_id = $1 ORDER BY name {direction}, id
            LIMIT {size} OFFSET {(page - 1) * size}""",
        owner,
    )  # fmt: skip
    return json_response(ec.TagPage(metadata=_metadata(page, size, prop, direction, total),
                                    data=[ec.Tag(id=row["id"], name=row["name"]) for row in rows]))  # fmt: skip


HANDLERS: dict[str, Handler] = {
    "event_center.list": list_events,
    "event_center.create": create,
    "event_center.get": get_event,
    "event_center.update": update,
    "event_center.delete": delete,
    "event_center.tags": list_tags,
}
