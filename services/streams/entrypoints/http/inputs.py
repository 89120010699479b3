"""Inputs on customer environments: created and updated per kind (A059–A068), deleted (A070), started and stopped
(A078, A080), listed for the active organisation (A056), one of its environments (A069) or dropdowns (A086), each
list with its schema, and counted per environment (A058)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
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
from streams.contract.inputs import CREATE, UPDATE, InputKind, InputsOverview, InputView
from streams.domain.media import media_state
from streams.domain.ports import PortRange
from streams.entrypoints.http.viewers import guest, shown_to_guest
from streams.service_layer import control, inputs

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
        Field("enabled", "boolean", help="started rather than stopped"),
        Field("warning_sent", "boolean", help="the agent warned that the input runs hot"),
        Field("input_stopped", "boolean", help="the agent stopped the input for exceeding its bitrate"),
        Field("created_at", "datetime"),
        Field("updated_at", "datetime"),
    ],
    default_order="id",
)
LIVE = "NOT deleted"
DROPDOWN = ListSpec(
    source=f"{SCHEMA}.inputs i JOIN {SCHEMA}.input_environments e ON e.id = i.environment_id",
    fields=[replace(f, column=f"i.{f.name}") for f in INPUTS.fields],
    key="i.id",
    default_order="id",
    default_limit=1000,
    max_limit=1000,
)


def _uri(environment_id: object, input_id: str) -> str:
    return f"/api/customer_environment/{environment_id}/inputs/{input_id}"


def _input(row: Any) -> InputView:
    uri, configured = _uri(row["environment_id"], row["id"]), row["agent_version"] == row["config_version"]
    state = media_state(configured, row["enabled"], row["agent_running"], row["input_stopped"])
    return InputView.model_validate({**row, "configured": configured, "state": state, "resource_uri": uri})


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


def controller(running: bool) -> Handler:
    async def control_input(request: web.Request) -> web.Response:
        environment_id, input_id = _environment_id(request), request.match_info["input_id"]
        await control.run_endpoint(run_of(request), _editing_scope(request, None), environment_id, "input", input_id,
                                   running)  # fmt: skip
        return json_response(await _fetch(request, environment_id, input_id), status=202)

    return control_input


async def overview(request: web.Request) -> web.Response:
    environment_id, principal = _environment_id(request), principal_of(request)
    viewer = guest(principal)
    scope = principal.active_organisation_id if viewer is not None else _editing_scope(request, None)
    pool = request.app[RUNTIME].pool
    env = await pool.fetchrow(f"SELECT organisation_id, state FROM {SCHEMA}.input_environments WHERE id = $1",
                              environment_id)  # fmt: skip
    if env is None or scope not in (None, env["organisation_id"]):
        raise not_found("environment")
    where = ["environment_id = $1", LIVE]
    params: list[Any] = [environment_id]
    if viewer is not None:
        where, params = [*where, shown_to_guest("inputs", 2)], [*params, viewer]
    rows = await pool.fetch(f"SELECT * FROM {SCHEMA}.inputs WHERE {' AND '.join(where)}", *params)
    states = [_input(row).state for row in rows]
    return json_response(InputsOverview(
        environment_id=environment_id, environment_state=env["state"], total=len(rows),
        running=states.count("running"), stopped=states.count("stopped"), configuring=states.count("configuring"),
        warning_sent=sum(row["warning_sent"] for row in rows), input_stopped=sum(row["input_stopped"] for row in rows),
    ))  # fmt: skip


async def dropdown(request: web.Request) -> web.Response:
    principal = principal_of(request)
    if principal.active_organisation_id is None:
        raise not_found("active organisation")
    where = ["i.organisation_id = $1", "NOT i.deleted", "e.state = 'running'"]
    viewer = guest(principal)
    if viewer is None:
        return await page(request, DROPDOWN, _input, where, [principal.active_organisation_id], "i.*")
    where, params = [*where, shown_to_guest("i", 2)], [principal.active_organisation_id, viewer]
    return await page(request, DROPDOWN, _as_guest_sees, where, params, "i.*")


def _as_guest_sees(row: Any) -> InputView:
    """Technical details (how to connect to the input) are the owning organisation's (A056)."""
    return _input({**row, "input_settings": None, "port": None})


async def _visible_page(request: web.Request, where: list[str], params: list[Any]) -> web.Response:
    """The page of inputs ``where`` selects, narrowed for a guest to those its invitations show it."""
    viewer = guest(principal_of(request))
    if viewer is None:
        return await page(request, INPUTS, _input, where, params)
    shown = shown_to_guest("inputs", len(params) + 1)
    return await page(request, INPUTS, _as_guest_sees, [*where, shown], [*params, viewer])


async def list_inputs(request: web.Request) -> web.Response:
    organisation_id = principal_of(request).active_organisation_id
    if organisation_id is None:
        raise not_found("active organisation")
    return await _visible_page(request, ["organisation_id = $1", LIVE], [organisation_id])


async def list_environment_inputs(request: web.Request) -> web.Response:
    principal, environment_id = principal_of(request), _environment_id(request)
    owner = await request.app[RUNTIME].pool.fetchval(
        f"SELECT organisation_id FROM {SCHEMA}.input_environments WHERE id = $1", environment_id
    )
    member = principal.active_role is not None or guest(principal) is not None
    scope = _scope(principal, principal.active_organisation_id if member else None)
    if owner is None or scope not in (None, owner):
        raise not_found("environment")
    return await _visible_page(request, ["environment_id = $1", LIVE], [environment_id])


HANDLERS: dict[str, Handler] = {
    "inputs.list": list_inputs,
    "inputs.schema": schema_handler(INPUTS, "Inputs of the active organisation"),
    "inputs.environment_list": list_environment_inputs,
    "inputs.environment_schema": schema_handler(INPUTS, "Inputs of a customer environment"),
    "inputs.delete": delete,
    "inputs.start": controller(True),
    "inputs.stop": controller(False),
    "inputs.overview": overview,
    "inputs.dropdown": dropdown,
    "inputs.dropdown_schema": schema_handler(
        DROPDOWN, "Live inputs of the active organisation on running environments"
    ),
    **{f"inputs.{kind}.create": creator(kind) for kind in KINDS},
    **{f"inputs.{kind}.update": updater(kind) for kind in KINDS},
}
