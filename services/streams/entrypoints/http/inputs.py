"""Inputs on customer environments: created and updated per kind (A059–A068), deleted (A070), listed for the
active organisation (A056) or one of its environments (A069), each list with its schema."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import Principal, principal_of
from common.http.problems import not_found
from common.listing import Field, ListSpec
from streams.config import SCHEMA, StreamsSettings
from streams.context import run_of
from streams.contract.input_routes import KINDS
from streams.contract.inputs import CREATE, UPDATE, InputKind, InputView
from streams.domain.ports import PortRange
from streams.service_layer import inputs

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
INPUTS = ListSpec(
    source=f"{SCHEMA}.inputs",
    fields=[
        Field("id", max_length=128, help="the input's id, unique in the organisation"),
        Field("input_type", help="zixi_pull, zixi_push, srt_caller, srt_listener or rist"),
        Field("environment_id", "uuid"),
        Field("organisation_id", "integer", filterable=False),
        Field("user_description", nullable=True, max_length=255),
        Field("max_allowed_bitrate_kbps", "integer", nullable=True),
        Field("port", "integer", nullable=True, help="the local port of a listener input"),
        Field("config_version", "integer", help="grows with each change of the configuration"),
        Field("agent_version", "integer", help="the version the environment's agent holds (0: none yet)"),
        Field("created_at", "datetime"),
        Field("updated_at", "datetime"),
    ],
    default_order="id",
)
LIVE = "NOT deleted"


def _uri(environment_id: object, input_id: str) -> str:
    return f"/api/customer_environment/{environment_id}/inputs/{input_id}"


def _input(row: Any) -> InputView:
    uri, configured = _uri(row["environment_id"], row["id"]), row["agent_version"] == row["config_version"]
    return InputView.model_validate({**row, "configured": configured, "resource_uri": uri})


def _environment_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("environment") from exc


def _scope(principal: Principal, organisation_id: int | None) -> int | None:
    """The organisation the caller acts for; None lets a superuser act on any environment."""
    if principal.is_superuser:
        return None
    if organisation_id is None:
        raise not_found("environment")
    return organisation_id


def _editing_scope(request: web.Request, kind: InputKind | None) -> int | None:
    principal = principal_of(request)
    whose = KINDS[kind][3] if kind else "managing"
    own = principal.managing_organisation_id if whose == "managing" else principal.active_organisation_id
    return _scope(principal, own)


def _ports(request: web.Request) -> PortRange:
    settings = request.app[RUNTIME].settings
    assert isinstance(settings, StreamsSettings)
    return settings.input_port_range


async def _fetch(request: web.Request, environment_id: uuid.UUID, input_id: str) -> InputView:
    row = await request.app[RUNTIME].pool.fetchrow(
        f"SELECT * FROM {SCHEMA}.inputs WHERE environment_id = $1 AND id = $2 AND {LIVE}", environment_id, input_id
    )
    if row is None:
        raise not_found("input")
    return _input(row)


def creator(kind: InputKind) -> Handler:
    async def create(request: web.Request) -> web.Response:
        body, environment_id = await read_model(request, CREATE[kind]), _environment_id(request)
        settings = body.model_dump(mode="json", exclude={"id"})
        input_id = str(body.id)  # type: ignore[attr-defined]
        await inputs.create(run_of(request), _editing_scope(request, kind), environment_id, input_id, kind,
                            settings, _ports(request))  # fmt: skip
        return created(await _fetch(request, environment_id, input_id), _uri(environment_id, input_id))

    return create


def updater(kind: InputKind) -> Handler:
    async def update(request: web.Request) -> web.Response:
        body, environment_id = await read_model(request, UPDATE[kind]), _environment_id(request)
        input_id, changes = request.match_info["input_id"], body.model_dump(mode="json", exclude_unset=True)
        await inputs.update(run_of(request), _editing_scope(request, kind), environment_id, input_id, kind, changes,
                            _ports(request))  # fmt: skip
        return json_response(await _fetch(request, environment_id, input_id))

    return update


async def delete(request: web.Request) -> web.Response:
    environment_id = _environment_id(request)
    await inputs.delete(run_of(request), _editing_scope(request, None), environment_id, request.match_info["input_id"])
    return web.Response(status=204)


async def list_inputs(request: web.Request) -> web.Response:
    organisation_id = principal_of(request).active_organisation_id
    if organisation_id is None:
        raise not_found("active organisation")
    return await page(request, INPUTS, _input, ["organisation_id = $1", LIVE], [organisation_id])


async def list_environment_inputs(request: web.Request) -> web.Response:
    principal, environment_id = principal_of(request), _environment_id(request)
    owner = await request.app[RUNTIME].pool.fetchval(
        f"SELECT organisation_id FROM {SCHEMA}.input_environments WHERE id = $1", environment_id
    )
    scope = _scope(principal, principal.active_organisation_id if principal.active_role else None)
    if owner is None or scope not in (None, owner):
        raise not_found("environment")
    return await page(request, INPUTS, _input, ["environment_id = $1", LIVE], [environment_id])


HANDLERS: dict[str, Handler] = {
    "inputs.list": list_inputs,
    "inputs.schema": schema_handler(INPUTS, "Inputs of the active organisation"),
    "inputs.environment_list": list_environment_inputs,
    "inputs.environment_schema": schema_handler(INPUTS, "Inputs of a customer environment"),
    "inputs.delete": delete,
    **{f"inputs.{kind}.create": creator(kind) for kind in KINDS},
    **{f"inputs.{kind}.update": updater(kind) for kind in KINDS},
}
