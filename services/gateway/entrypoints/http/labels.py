"""Access labels of the managing organisation: list (A001) and its schema, create (A002), rename (A003),
delete (A004)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.problems import not_found
from common.listing import Field, ListSpec
from gateway.context import SCHEMA as S
from gateway.context import gateway_of
from gateway.contract.schemas.sources import LabelText, LabelView
from gateway.entrypoints.http.views import managing_of, units_of, uuid_param
from gateway.service_layer import labels

LABELS = ListSpec(
    source=f"{S}.labels",
    fields=[
        Field("id", "uuid"),
        Field("organisation_id", "integer", filterable=False),
        Field("text", max_length=100, help="what the label says; events carry labels, guests are granted them"),
        Field("created_at", "datetime"),
    ],
    default_order="text",
)


def _uri(label_id: object) -> str:
    return f"/api/labels/{label_id}"


def _label(row: Any) -> LabelView:
    return LabelView.model_validate({**row, "resource_uri": _uri(row["id"])})


async def _fetch(request: web.Request, label_id: uuid.UUID) -> LabelView:
    row = await gateway_of(request).pool.fetchrow(f"SELECT * FROM {S}.labels WHERE id = $1", label_id)
    if row is None:
        raise not_found("label")
    return _label(row)


async def list_labels(request: web.Request) -> web.Response:
    return await page(request, LABELS, _label, ["organisation_id = $1"], [managing_of(request)])


async def create(request: web.Request) -> web.Response:
    body = await read_model(request, LabelText)
    label_id = await labels.create(units_of(request), managing_of(request), body.text)
    return created(await _fetch(request, label_id), _uri(label_id))


async def update(request: web.Request) -> web.Response:
    body, label_id = await read_model(request, LabelText), uuid_param(request, "label_id")
    await labels.rename(units_of(request), managing_of(request), label_id, body.text)
    return json_response(await _fetch(request, label_id))


async def delete(request: web.Request) -> web.Response:
    await labels.delete(units_of(request), managing_of(request), uuid_param(request, "label_id"))
    return web.Response(status=204)


HANDLERS = {
    "labels.list": list_labels,
    "labels.schema": schema_handler(LABELS, "Access labels of the managing organisation"),
    "labels.create": create,
    "labels.update": update,
    "labels.delete": delete,
}
