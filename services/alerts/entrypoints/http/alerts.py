"""Alerts on inputs and outputs: create (A046), update (A052), delete one, many or by environment (A053, A048,
A047), mute and unmute many (A050, A051), activate or deactivate (A054), the current overview (A045), what can
carry alerts on the active environment (A049), an input's and an output's alerts (A071, A104), and the set an
agent fetches (A114)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from alerts.adapters.guests import shown
from alerts.adapters.known import known_of
from alerts.config import SCHEMA
from alerts.context import managing_organisation, run_of
from alerts.contract.alerts import (
    AlertableEndpoints,
    AlertAction,
    AlertIds,
    AlertList,
    AlertSetView,
    AlertView,
    CreateAlerts,
    CurrentAlerts,
    EndpointAlerts,
    EnvironmentAlerts,
    UpdateAlert,
)
from alerts.domain.rules import Rule
from alerts.service_layer import alerts
from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.principal import principal_of
from common.http.problems import not_found

VIEW = f"""SELECT *, muted AND (muted_until IS NULL OR muted_until > now()) AS muted_now
           FROM {SCHEMA}.alerts WHERE NOT deleted"""


def utc_now() -> datetime:
    return datetime.now(UTC)


def _view(row: Any) -> AlertView:
    side = row["side"]
    return AlertView.model_validate({
        **row, "muted": row["muted_now"], "query_value": list(row["query_value"]),
        "input_id": row["endpoint_id"] if side == "input" else None,
        "output_id": row["endpoint_id"] if side == "output" else None,
        "resource_uri": f"/api/alerts/{row['id']}",
    })  # fmt: skip


async def _rows(request: web.Request, where: str, *args: object) -> list[AlertView]:
    sql = f"{VIEW} AND {where} ORDER BY environment_id, side, endpoint_id, created_at, id"
    return [_view(row) for row in await request.app[RUNTIME].pool.fetch(sql, *args)]


def _uuid(request: web.Request, name: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info[name])
    except ValueError as exc:
        raise not_found(what) from exc


async def create(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, CreateAlerts), managing_organisation(request)
    rule = Rule(body.alert_on_query, body.query_param, tuple(body.query_value), body.query_time_range,
                body.alert_check_frequency, body.alert_after, body.alert_repeat)  # fmt: skip
    new = alerts.NewAlerts(body.environment_id, body.inputs, body.outputs, body.name, rule, body.alert_method_id)
    ids = await alerts.create(run_of(request), known_of, organisation_id, new)
    views = {view.id: view for view in await _rows(request, "id = ANY($1::uuid[])", ids)}
    return created(AlertList(objects=[views[i] for i in ids]), "/api/alerts/current")


async def update(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, UpdateAlert), managing_organisation(request)
    alert_id = _uuid(request, "alert_id", "alert")
    rule_fields = body.model_fields_set - {"name", "alert_method_id"}
    sent = {k: getattr(body, k) for k in rule_fields if getattr(body, k) is not None or k == "alert_after"}

    def change(rule: Rule) -> Rule:
        return alerts.changed(rule, **sent)

    await alerts.update(run_of(request), known_of, organisation_id, alert_id, body.name, change,
                        body.alert_method_id)  # fmt: skip
    return json_response((await _rows(request, "id = $1", alert_id))[0])


async def _many(request: web.Request, use_case: Any, alert_ids: Sequence[uuid.UUID]) -> web.Response:
    await use_case(run_of(request), known_of, managing_organisation(request), alert_ids, utc_now())
    return web.Response(status=204)


async def delete_one(request: web.Request) -> web.Response:
    return await _many(request, alerts.delete, [_uuid(request, "alert_id", "alert")])


async def delete_many(request: web.Request) -> web.Response:
    return await _many(request, alerts.delete, (await read_model(request, AlertIds)).alert_ids)


async def mute_many(request: web.Request) -> web.Response:
    return await _many(request, alerts.mute, (await read_model(request, AlertIds)).alert_ids)


async def unmute_many(request: web.Request) -> web.Response:
    return await _many(request, alerts.unmute, (await read_model(request, AlertIds)).alert_ids)


async def activate(request: web.Request) -> web.Response:
    body, alert_id = await read_model(request, AlertAction), _uuid(request, "alert_id", "alert")
    use_case = alerts.activate if body.action == "activate" else alerts.deactivate
    await use_case(run_of(request), known_of, managing_organisation(request), [alert_id], utc_now())
    return json_response((await _rows(request, "id = $1", alert_id))[0])


async def delete_for_environment(request: web.Request) -> web.Response:
    environment_id = _uuid(request, "environment_id", "environment")
    await alerts.delete_for_environment(run_of(request), known_of, managing_organisation(request), environment_id,
                                        utc_now())  # fmt: skip
    return web.Response(status=204)


async def current(request: web.Request) -> web.Response:
    organisation_id = managing_organisation(request)
    views = await _rows(request, "(organisation_id = $1 OR created_by_organisation_id = $1)", organisation_id)
    environments: dict[uuid.UUID, dict[str, dict[str, list[AlertView]]]] = {}
    for view in views:
        sides = environments.setdefault(view.environment_id, {"input": {}, "output": {}})
        sides[view.side].setdefault(view.input_id or view.output_id or "", []).append(view)
    return json_response(CurrentAlerts(environments=[
        EnvironmentAlerts(environment_id=env, **{f"{side}s": [EndpointAlerts(id=i, alerts=a) for i, a in by.items()]
                                                 for side, by in sides.items()})
        for env, sides in environments.items()
    ]))  # fmt: skip


async def endpoints(request: web.Request) -> web.Response:
    principal, pool = principal_of(request), request.app[RUNTIME].pool
    environment_id = principal.active_environment_id
    owner = None if environment_id is None else await pool.fetchval(
        f"SELECT organisation_id FROM {SCHEMA}.environments WHERE id = $1", environment_id)  # fmt: skip
    if owner is None or not (principal.is_superuser or owner == principal.active_organisation_id):
        return json_response(AlertableEndpoints(environment_id=None, input_ids=[], output_ids=[]))
    guest = principal.active_guest is not None and not principal.is_superuser
    taker = principal.managing_organisation_id if guest else None
    live = "environment_id = $1 AND NOT deleted"
    shown_to_taker = shown(SCHEMA, "$2::integer", "organisation_id", "environment_id", "id")
    inputs = await pool.fetch(
        f"SELECT id FROM {SCHEMA}.inputs WHERE {live} AND ($2::integer IS NULL OR {shown_to_taker}) ORDER BY id",
        environment_id, taker,
    )  # fmt: skip
    outputs = await pool.fetch(
        f"""SELECT id FROM {SCHEMA}.outputs WHERE {live} AND ($2::integer IS NULL OR taker_organisation_id = $2)
            ORDER BY id""",
        environment_id, taker,
    )  # fmt: skip
    return json_response(AlertableEndpoints(environment_id=environment_id, input_ids=[r["id"] for r in inputs],
                                            output_ids=[r["id"] for r in outputs]))  # fmt: skip


async def of_input(request: web.Request) -> web.Response:
    principal = principal_of(request)
    environment_id = _uuid(request, "environment_id", "environment")
    organisation_id = None if principal.is_superuser else principal.active_organisation_id or 0
    views = await _rows(request, "environment_id = $1 AND side = 'input' AND endpoint_id = $2 "
                        "AND ($3::integer IS NULL OR organisation_id = $3)", environment_id,
                        request.match_info["input_id"], organisation_id)  # fmt: skip
    return json_response(AlertList(objects=views))


async def of_output(request: web.Request) -> web.Response:
    principal = principal_of(request)
    environment_id = _uuid(request, "environment_id", "environment")
    taker = None if principal.is_superuser else managing_organisation(request)
    views = await _rows(request, "environment_id = $1 AND side = 'output' AND endpoint_id = $2 "
                        "AND ($3::integer IS NULL OR created_by_organisation_id = $3)", environment_id,
                        request.match_info["output_id"], taker)  # fmt: skip
    return json_response(AlertList(objects=views))


async def agent_set(request: web.Request) -> web.Response:
    environment_id = _uuid(request, "environment_id", "environment")
    if principal_of(request).environment_id != environment_id:
        raise not_found("environment")
    version, items = await alerts.refresh(run_of(request), known_of, environment_id)
    return json_response(AlertSetView.model_validate({"version": version, "alerts": items}))


HANDLERS = {
    "alerts.current": current,
    "alerts.create": create,
    "alerts.delete_for_environment": delete_for_environment,
    "alerts.delete_many": delete_many,
    "alerts.endpoints": endpoints,
    "alerts.mute_many": mute_many,
    "alerts.unmute_many": unmute_many,
    "alerts.update": update,
    "alerts.delete": delete_one,
    "alerts.activate": activate,
    "alerts.of_input": of_input,
    "alerts.of_output": of_output,
    "alerts.agent_set": agent_set,
}
