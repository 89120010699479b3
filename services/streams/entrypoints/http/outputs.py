"""Outputs on customer environments: created and updated per kind (A090–A101), read (A103), started and stopped
(A109, A110) and deleted (A102) under their environment, listed for their taker organisation (A087) or one
environment (A089), their state on a running environment (A088), and all of them, deleted ones too (A113).

A caller takes outputs for its managing organisation. A guest viewing the organisation that invited it reads the
outputs its own organisation takes on that organisation's environments; members read all of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiohttp import web

from common.errors import Conflict
from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import not_found
from common.listing import Field, ListSpec
from gateway.contract.events import invitation_token_digest
from streams.adapters.guests import PostgresGuests, guests_of
from streams.adapters.secrets import secrets_of
from streams.config import SCHEMA, StreamsSettings
from streams.context import run_of
from streams.contract.output_routes import KINDS
from streams.contract.outputs import (
    CREATE,
    UPDATE,
    GuestDestinationsDeleted,
    OutputCredentials,
    OutputInEnvironment,
    OutputKind,
    OutputState,
    OutputView,
)
from streams.domain.media import media_state
from streams.domain.ports import PortRange
from streams.entrypoints.http.viewers import guest, taken_by_guest
from streams.service_layer import control, guest_outputs, outputs

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OUTPUTS = ListSpec(
    source=f"{SCHEMA}.outputs",
    fields=[
        Field("id", max_length=128, help="the output's id, unique among its taker's outputs"),
        Field("output_type", help="zixi_pull, zixi_push, rtmp, srt_listener, srt_caller or rist"),
        Field("environment_id", "uuid"),
        Field("taker_organisation_id", "integer", filterable=False),
        Field("user_description", nullable=True, max_length=255),
        Field("port", "integer", nullable=True, help="the local port of a listener output"),
        Field("config_version", "integer", help="grows with each change of the configuration"),
        Field("agent_version", "integer", help="the version the environment's agent holds (0: none yet)"),
        Field("enabled", "boolean", help="started rather than stopped"),
        Field("created_at", "datetime"),
        Field("updated_at", "datetime"),
    ],
    default_order="id",
)
LIVE = "NOT deleted"
BESIDE = outputs.Beside(secrets_of, guests_of)
STATES = ListSpec(
    source=OUTPUTS.source, fields=[f for f in OUTPUTS.fields if f.name in ("id", "output_type", "enabled")]
)
ALL_OUTPUTS = ListSpec(
    source=f"{SCHEMA}.outputs o JOIN {SCHEMA}.input_environments e ON e.id = o.environment_id",
    fields=[
        *(replace(f, column=f"o.{f.name}", filterable=f.filterable or f.name == "taker_organisation_id")
          for f in OUTPUTS.fields),
        Field("deleted", "boolean", column="o.deleted", help="the output was deleted"),
        Field("environment_state", column="e.state", help="the environment's lifecycle state, deleted included"),
    ],
    key="o.taker_organisation_id, o.id",
    default_order="environment_id",
)  # fmt: skip
ALL_SELECT = "o.*, e.state AS environment_state"


def _uri(environment_id: object, output_id: str) -> str:
    return f"/api/customer_environment/{environment_id}/outputs/{output_id}"


def _described(row: Any) -> dict[str, Any]:
    uri, configured = _uri(row["environment_id"], row["id"]), row["agent_version"] == row["config_version"]
    state = media_state(configured, row["enabled"], row["agent_running"])
    return {**row, "configured": configured, "state": state, "resource_uri": uri}


def _output(row: Any) -> OutputView:
    return OutputView.model_validate(_described(row))


def _state(row: Any) -> OutputState:
    return OutputState.model_validate(_described(row))


def _in_environment(row: Any) -> OutputInEnvironment:
    return OutputInEnvironment.model_validate(_described(row))


def _environment_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("environment") from exc


def _caller(request: web.Request) -> outputs.Caller:
    """The taker the caller acts for: its managing organisation; a superuser acts on any environment."""
    principal = principal_of(request)
    if principal.is_superuser:
        return outputs.Caller(None)
    managing = principal.managing_organisation_id
    if managing is None:
        raise not_found("environment")
    return outputs.Caller(managing, own=managing == principal.active_organisation_id)


def _editing_scope(request: web.Request) -> int | None:
    """The organisation whose environment the caller reads as its own; None lets a superuser read any."""
    caller = _caller(request)
    if not caller.own:
        raise not_found("environment")
    return caller.organisation_id


def _ports(request: web.Request) -> PortRange:
    settings = request.app[RUNTIME].settings
    assert isinstance(settings, StreamsSettings)
    return settings.output_port_range


def _password(body: Any) -> str | None:
    secret = getattr(body, "password", None)
    return None if secret is None else str(secret.get_secret_value())


async def _fetch(request: web.Request, environment_id: uuid.UUID, output_id: str, taker: int | None) -> OutputView:
    row = await request.app[RUNTIME].pool.fetchrow(
        f"""SELECT * FROM {SCHEMA}.outputs WHERE environment_id = $1 AND id = $2 AND {LIVE}
              AND ($3::integer IS NULL OR taker_organisation_id = $3)""",
        environment_id, output_id, taker,
    )  # fmt: skip
    if row is None:
        raise not_found("output")
    return _output(row)


def creator(kind: OutputKind) -> Handler:
    async def create(request: web.Request) -> web.Response:
        body, environment_id = await read_model(request, CREATE[kind]), _environment_id(request)
        caller = _caller(request)
        settings = body.model_dump(mode="json", exclude={"id", "password", "agreement_id"})
        output_id = str(body.id)  # type: ignore[attr-defined]
        agreement_id = body.agreement_id  # type: ignore[attr-defined]
        await outputs.create(run_of(request), BESIDE, caller, environment_id, output_id, kind, settings,
                             _password(body), _ports(request), agreement_id)  # fmt: skip
        answer = await _fetch(request, environment_id, output_id, caller.organisation_id)
        return created(answer, _uri(environment_id, output_id))

    return create


def updater(kind: OutputKind) -> Handler:
    async def update(request: web.Request) -> web.Response:
        body, environment_id = await read_model(request, UPDATE[kind]), _environment_id(request)
        output_id, caller = request.match_info["output_id"], _caller(request)
        changes = body.model_dump(mode="json", exclude_unset=True, exclude={"password"})
        await outputs.update(run_of(request), BESIDE, caller, environment_id, output_id, kind, changes,
                             _password(body), _ports(request))  # fmt: skip
        return json_response(await _fetch(request, environment_id, output_id, caller.organisation_id))

    return update


async def get_output(request: web.Request) -> web.Response:
    principal, environment_id = principal_of(request), _environment_id(request)
    viewer, output_id = guest(principal), request.match_info["output_id"]
    if viewer is not None:  # what its organisation takes on the active organisation's environment
        owner = await request.app[RUNTIME].pool.fetchval(
            f"SELECT organisation_id FROM {SCHEMA}.input_environments WHERE id = $1", environment_id
        )
        if owner != principal.active_organisation_id:
            raise not_found("output")
        return json_response(await _fetch(request, environment_id, output_id, viewer))
    taker = None if principal.is_superuser else principal.active_organisation_id
    if taker is None and not principal.is_superuser:
        raise not_found("output")
    return json_response(await _fetch(request, environment_id, output_id, taker))


async def credentials(request: web.Request) -> web.Response:
    """Only the agent of the output's own environment learns them; for any other caller the output is not there."""
    environment_id, output_id = _environment_id(request), request.match_info["output_id"]
    if principal_of(request).environment_id != environment_id:
        raise not_found("output")
    async with request.app[RUNTIME].pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        version = await conn.fetchval(
            f"SELECT config_version FROM {SCHEMA}.outputs WHERE environment_id = $1 AND id = $2 AND {LIVE}",
            environment_id, output_id,
        )  # fmt: skip
        if version is None:
            raise not_found("output")
        kept = await conn.fetch(
            f"""SELECT s.name, s.value FROM {SCHEMA}.output_secrets s JOIN {SCHEMA}.outputs o
                  ON o.taker_organisation_id = s.organisation_id AND o.id = s.output_id
                WHERE o.environment_id = $1 AND o.id = $2""",
            environment_id, output_id,
        )  # fmt: skip
    kept_by_name = {row["name"]: row["value"] for row in kept}
    return json_response(OutputCredentials(output_id=output_id, config_version=version, credentials=kept_by_name))


async def delete_guest_destinations(request: web.Request) -> web.Response:
    caller, environment_id = _caller(request), _environment_id(request)
    async with request.app[RUNTIME].pool.acquire() as conn:
        parties = await PostgresGuests(conn, SCHEMA).by_token(invitation_token_digest(request.match_info["token"]))
    if parties is None or caller.organisation_id not in (None, parties[0]):
        raise not_found("source invitation")
    owner, guest = parties
    deleted = [] if guest is None else await guest_outputs.delete_all(run_of(request), BESIDE, owner, guest,
                                                                      environment_id)  # fmt: skip
    return json_response(GuestDestinationsDeleted(deleted=deleted))


async def delete(request: web.Request) -> web.Response:
    await outputs.delete(run_of(request), BESIDE, _caller(request), _environment_id(request),
                         request.match_info["output_id"])  # fmt: skip
    return web.Response(status=204)


def controller(running: bool) -> Handler:
    async def control_output(request: web.Request) -> web.Response:
        environment_id, output_id = _environment_id(request), request.match_info["output_id"]
        scope = _caller(request).organisation_id
        await control.run_endpoint(run_of(request), scope, environment_id, "output", output_id, running)
        return json_response(await _fetch(request, environment_id, output_id, scope), status=202)

    return control_output


async def outputs_state(request: web.Request) -> web.Response:
    principal, environment_id = principal_of(request), _environment_id(request)
    env = await request.app[RUNTIME].pool.fetchrow(
        f"SELECT organisation_id, state FROM {SCHEMA}.input_environments WHERE id = $1", environment_id
    )
    visible = env is not None and (principal.is_superuser or env["organisation_id"] == principal.active_organisation_id)
    if not visible:
        raise not_found("environment")
    if env["state"] != "running":
        raise Conflict(f"the environment is {env['state']}, not running: its outputs have no state", "environment_id")
    where = ["environment_id = $1", LIVE]
    params: list[Any] = [environment_id]
    viewer = guest(principal)
    if viewer is not None:
        where, params = [*where, "taker_organisation_id = $2"], [*params, viewer]
    return await page(request, STATES, _state, where, params)


async def all_outputs(request: web.Request) -> web.Response:
    scope = _caller(request).organisation_id
    # its own environments (whoever takes the outputs) and the outputs it takes on others' as a guest
    where = ["(e.organisation_id = $1 OR o.taker_organisation_id = $1)"] if scope is not None else []
    return await page(request, ALL_OUTPUTS, _in_environment, where, [] if scope is None else [scope], ALL_SELECT)


async def list_outputs(request: web.Request) -> web.Response:
    principal = principal_of(request)
    active = principal.active_organisation_id
    if active is None:
        raise not_found("active organisation")
    viewer = guest(principal)
    if viewer is None:
        return await page(request, OUTPUTS, _output, ["taker_organisation_id = $1", LIVE], [active])
    return await page(request, OUTPUTS, _output, [taken_by_guest("outputs", 1, 2), LIVE], [viewer, active])


async def overview(request: web.Request) -> web.Response:
    principal, environment_id = principal_of(request), _environment_id(request)
    viewer = guest(principal)
    scope = principal.active_organisation_id if viewer is not None else _editing_scope(request)
    owner = await request.app[RUNTIME].pool.fetchval(
        f"SELECT organisation_id FROM {SCHEMA}.input_environments WHERE id = $1", environment_id
    )
    if owner is None or scope not in (None, owner):
        raise not_found("environment")
    where = ["environment_id = $1", LIVE]
    params: list[Any] = [environment_id]
    if viewer is not None:
        where, params = [*where, "taker_organisation_id = $2"], [*params, viewer]
    return await page(request, OUTPUTS, _output, where, params)


HANDLERS: dict[str, Handler] = {
    "outputs.list": list_outputs,
    "outputs.schema": schema_handler(OUTPUTS, "Outputs of the active organisation as their taker"),
    "outputs.overview": overview,
    "outputs.overview_schema": schema_handler(OUTPUTS, "Outputs of a customer environment"),
    "outputs.get": get_output,
    "outputs.delete": delete,
    "outputs.credentials": credentials,
    "outputs.guest_delete_all": delete_guest_destinations,
    "outputs.start": controller(True),
    "outputs.stop": controller(False),
    "outputs.state": outputs_state,
    "outputs.state_schema": schema_handler(STATES, "State of the live outputs of a running customer environment"),
    "outputs.all": all_outputs,
    "outputs.all_schema": schema_handler(ALL_OUTPUTS, "All outputs on all environments, deleted ones included"),
    **{f"outputs.{kind}.create": creator(kind) for kind in KINDS},
    **{f"outputs.{kind}.update": updater(kind) for kind in KINDS},
}
