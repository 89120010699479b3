"""Statistics of inputs and outputs (A073, A105: asked of the agent live, else the last sample; A075, A107: reset)
and the bitrate guard's HTTP path for an environment's own agent (A084, A085)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from cenv_agent.contract.messages import QueryStatistics, Side
from common import correlation
from common.http.app import RUNTIME
from common.http.bodies import json_response, read_model
from common.http.principal import principal_of
from common.http.problems import not_found
from common.logging import get_logger
from streams.adapters import statistics_store
from streams.config import SCHEMA, StreamsSettings
from streams.context import run_of
from streams.contract.statistics import METRICS, GuardReport, GuardView, StatisticsView
from streams.service_layer import statistics

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
log = get_logger(__name__)
POLL_SECONDS = 0.05
OWNER = {"input": ("inputs", "organisation_id"), "output": ("outputs", "taker_organisation_id")}


def _environment_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("environment") from exc


def _settings(request: web.Request) -> StreamsSettings:
    settings = request.app[RUNTIME].settings
    assert isinstance(settings, StreamsSettings)
    return settings


async def _visible(request: web.Request, side: Side, environment_id: uuid.UUID, endpoint_id: str) -> None:
    """The endpoint is live on the environment and its owner (an output's: its taker) is the active organisation."""
    principal = principal_of(request)
    table, owner = OWNER[side]
    found = await request.app[RUNTIME].pool.fetchval(
        f"SELECT {owner} FROM {SCHEMA}.{table} WHERE environment_id = $1 AND id = $2 AND NOT deleted",
        environment_id, endpoint_id,
    )  # fmt: skip
    if found is None or not (principal.is_superuser or found == principal.active_organisation_id):
        raise not_found(side)


def _view(endpoint_id: str, environment_id: uuid.UUID, sampled_at: datetime | None, sample: dict[str, Any] | None,
          stale: bool) -> StatisticsView:  # fmt: skip
    age = None if sampled_at is None else round(max(0.0, (datetime.now(UTC) - sampled_at).total_seconds()), 3)
    metrics = None if sample is None else {metric: sample[field] for metric, field in METRICS.items()}
    return StatisticsView(id=endpoint_id, environment_id=environment_id, sampled_at=sampled_at, age_seconds=age,
                          stale=stale, statistics=metrics)  # fmt: skip


async def _ask(request: web.Request, side: Side, environment_id: uuid.UUID, endpoint_id: str) -> StatisticsView | None:
    """The agent's live answer, or None when it does not come in time (or cannot be asked)."""
    runtime, request_id = request.app[RUNTIME], uuid.uuid4()
    query = QueryStatistics(environment_id=environment_id, command_id=request_id, side=side, endpoint_id=endpoint_id)
    try:
        await runtime.publisher.publish(query, correlation_id=correlation.correlation_id())
    except Exception as exc:  # noqa: BLE001 (no agent queue, or the broker away: the last sample will do)
        log.info("statistics_query_unsent", error=repr(exc))
        return None
    deadline = asyncio.get_running_loop().time() + _settings(request).statistics_query_seconds
    while asyncio.get_running_loop().time() < deadline:
        answered, sampled_at, sample = await statistics_store.answer(runtime.pool, SCHEMA, request_id)
        if answered:
            return None if sample is None else _view(endpoint_id, environment_id, sampled_at, sample, stale=False)
        await asyncio.sleep(POLL_SECONDS)
    return None


def most_recent(side: Side) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        environment_id, endpoint_id = _environment_id(request), request.match_info[f"{side}_id"]
        await _visible(request, side, environment_id, endpoint_id)
        live = await _ask(request, side, environment_id, endpoint_id)
        if live is None:
            sampled_at, sample = await statistics_store.latest(request.app[RUNTIME].pool, SCHEMA, environment_id,
                                                               side, endpoint_id)  # fmt: skip
            live = _view(endpoint_id, environment_id, sampled_at, sample, stale=True)
        return json_response(live)

    return handler


async def reset_input(request: web.Request) -> web.Response:
    principal = principal_of(request)
    scope = None if principal.is_superuser else principal.active_organisation_id
    if scope is None and not principal.is_superuser:
        raise not_found("input")
    await statistics.reset_input(run_of(request), scope, _environment_id(request), request.match_info["input_id"])
    return web.Response(status=202)


async def reset_output(request: web.Request) -> web.Response:
    principal = principal_of(request)
    taker = None if principal.is_superuser else principal.managing_organisation_id
    if taker is None and not principal.is_superuser:
        raise not_found("output")
    await statistics.reset_output(run_of(request), taker, _environment_id(request), request.match_info["output_id"])
    return web.Response(status=202)


def guard(what: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        principal, environment_id = principal_of(request), _environment_id(request)
        if principal.kind != "agent" or principal.environment_id != environment_id:
            raise not_found("input")
        body, input_id = await read_model(request, GuardReport), request.match_info["input_id"]

        async def unit(work: Any) -> None:
            await statistics.guarded(work, what, environment_id, input_id, body.bitrate_kbps,
                                     body.max_allowed_bitrate_kbps)  # fmt: skip

        await run_of(request)(unit)
        row = await request.app[RUNTIME].pool.fetchrow(
            f"""SELECT input_stopped, warning_sent FROM {SCHEMA}.inputs
                WHERE environment_id = $1 AND id = $2 AND NOT deleted""",
            environment_id, input_id,
        )  # fmt: skip
        if row is None:
            raise not_found("input")
        return json_response(GuardView(id=input_id, environment_id=environment_id, **row))

    return handler


HANDLERS: dict[str, Handler] = {
    "inputs.statistics": most_recent("input"),
    "outputs.statistics": most_recent("output"),
    "inputs.reset_statistics": reset_input,
    "outputs.reset_statistics": reset_output,
    "inputs.mark_stopped": guard("stop"),
    "inputs.warn_running_hot": guard("warn"),
}
