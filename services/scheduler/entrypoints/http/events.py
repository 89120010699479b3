"""Events of the managing organisation: listed for administration (A119), created (A120), updated (A121), deleted
(A122), and their images served (A123) to whoever may see the event through any of their organisations."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from common.errors import Invalid, NotFound
from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec
from scheduler.config import SCHEMA
from scheduler.context import run_of, utc_now
from scheduler.contract.event_schemas import CreateEvent, EventView, UpdateEvent
from scheduler.contract.times import parse_when
from scheduler.domain.event_images import image_of
from scheduler.domain.live_events import Details
from scheduler.entrypoints.guests import visible_events_sql
from scheduler.entrypoints.http.callers import managing, scope
from scheduler.service_layer import live_events
from scheduler.service_layer.live_events import Changes, Draft

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
EVENTS = ListSpec(
    source=f"{SCHEMA}.live_events",
    fields=[
        Field("id", "uuid"),
        Field("organisation_id", "integer", filterable=False),
        Field("environment_id", "uuid"),
        Field("input_id", max_length=128),
        Field("name", max_length=255),
        Field("start_time", "datetime"),
        Field("end_time", "datetime"),
        Field("created_at", "datetime"),
        Field("updated_at", "datetime"),
    ],
    default_order="start_time",
)
LIVE = "NOT deleted"


def _uri(event_id: object) -> str:
    return f"/api/events/{event_id}"


def _event(row: Any) -> EventView:
    image = f"{_uri(row['id'])}/image" if row["image"] else None
    return EventView.model_validate({**row, "label_ids": list(row["label_ids"]), "has_image": image is not None,
                                     "image_uri": image, "resource_uri": _uri(row["id"])})  # fmt: skip


def _event_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["event_id"])
    except ValueError as exc:
        raise NotFound("event not found") from exc


async def _row(request: web.Request, event_id: uuid.UUID) -> Any:
    row = await request.app[RUNTIME].pool.fetchrow(f"SELECT * FROM {SCHEMA}.live_events WHERE id = $1", event_id)
    if row is None:
        raise NotFound("event not found")
    return row


async def _input_environment(request: web.Request, owner: int, input_id: str) -> uuid.UUID:
    environment_id = await request.app[RUNTIME].pool.fetchval(
        f"SELECT environment_id FROM {SCHEMA}.inputs WHERE organisation_id = $1 AND id = $2 AND NOT deleted",
        owner, input_id,
    )  # fmt: skip
    if environment_id is None:
        raise NotFound("input not found", "input_id")
    return uuid.UUID(str(environment_id))


async def _check_labels(request: web.Request, owner: int, label_ids: list[uuid.UUID]) -> tuple[uuid.UUID, ...]:
    wanted = tuple(dict.fromkeys(label_ids))
    known = await request.app[RUNTIME].pool.fetch(
        f"SELECT id FROM {SCHEMA}.labels WHERE id = ANY($1::uuid[]) AND organisation_id = $2 AND NOT deleted",
        list(wanted), owner,
    )  # fmt: skip
    unknown = set(wanted) - {row["id"] for row in known}
    if unknown:
        raise Invalid(f"not labels of the event's organisation: {', '.join(sorted(map(str, unknown)))}", "label_ids")
    return wanted


async def next_number(request: web.Request) -> int:
    """The event's integer id in the Event Center façade (K03's eventId)."""
    return int(await request.app[RUNTIME].pool.fetchval(f"SELECT nextval('{SCHEMA}.event_numbers')"))


def author(request: web.Request) -> str:
    """Who writes (K08's createdBy, modifiedBy): the user's address, else its id."""
    principal = principal_of(request)
    return principal.email or str(principal.user_id or "")


async def list_events(request: web.Request) -> web.Response:
    return await page(request, EVENTS, _event, ["organisation_id = $1", LIVE], [managing(request)])


async def create(request: web.Request) -> web.Response:
    body, owner = await read_model(request, CreateEvent), managing(request)
    image = None if body.image is None else image_of(body.image)
    details = Details(body.input_id, body.name, body.description, await _check_labels(request, owner, body.label_ids),
                      parse_when(body.start_time), parse_when(body.end_time))  # fmt: skip
    environment_id = await _input_environment(request, owner, body.input_id)
    draft = Draft(uuid.uuid4(), await next_number(request), details)
    await live_events.create(run_of(request), utc_now(), owner, environment_id, [draft], image, author(request))
    return created(_event(await _row(request, draft.event_id)), _uri(draft.event_id))


async def update(request: web.Request) -> web.Response:
    body, event_id, whose = await read_model(request, UpdateEvent), _event_id(request), scope(request, "event")
    row = await _row(request, event_id)
    if row["deleted"] or (whose is not None and row["organisation_id"] != whose):
        raise NotFound("event not found")
    changes = Changes(
        body.input_id, body.name, body.description,
        await _check_labels(request, row["organisation_id"], body.label_ids),
        None if body.start_time is None else parse_when(body.start_time),
        None if body.end_time is None else parse_when(body.end_time),
        None if body.image is None else image_of(body.image), body.remove_old_image,
    )  # fmt: skip
    source = None
    if row["environment_id"] is None and body.input_id:
        source = await _input_environment(request, row["organisation_id"], body.input_id)
    await live_events.update(run_of(request), utc_now(), whose, event_id, live_events.changed(changes),
                             changes.image, changes.remove_old_image, author(request), source)  # fmt: skip
    return json_response(_event(await _row(request, event_id)))


async def delete(request: web.Request) -> web.Response:
    await live_events.delete(run_of(request), utc_now(), scope(request, "event"), _event_id(request))
    return web.Response(status=204)


async def image(request: web.Request) -> web.Response:
    principal, event_id = principal_of(request), _event_id(request)
    png = await request.app[RUNTIME].pool.fetchval(
        f"""SELECT i.image FROM {SCHEMA}.live_events e JOIN {SCHEMA}.event_images i ON i.event_id = e.id
            WHERE e.id = $3 AND NOT e.deleted AND i.digest = e.image AND ($4 OR {visible_events_sql(SCHEMA)})""",
        principal.user_id, principal.managing_organisation_id, event_id, principal.is_superuser,
    )  # fmt: skip
    if png is None:
        raise NotFound("event image not found")
    return web.Response(body=png, content_type="image/png")


HANDLERS: dict[str, Handler] = {
    "events.list": list_events,
    "events.schema": schema_handler(EVENTS, "Events of the managing organisation"),
    "events.create": create,
    "events.update": update,
    "events.delete": delete,
    "events.image": image,
}
