"""P08 status of inputs and outputs: each live endpoint with the newest sample its agent sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.http.problems import not_found
from common.listing import Field, ListSpec
from streams.config import SCHEMA
from streams.contract.status import EndpointStatus

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# side: (table, its organisation column, its kind column)
SIDES = {"input": ("inputs", "organisation_id", "input_type"), "output": ("outputs", "taker_organisation_id",
                                                                            "output_type")}  # fmt: skip
METRICS = (
    ("connected", "boolean"), ("bitrate_kbps", "integer"), ("jitter_ms", "float"), ("loss_millipercent", "integer"),
    ("rtt_ms", "float"), ("dropped", "integer"), ("packets", "integer"), ("uptime_seconds", "integer"),
    ("sampled_at", "datetime"),
)  # fmt: skip


def _spec(side: str) -> ListSpec:
    table, organisation, kind = SIDES[side]
    newest = f"""LEFT JOIN LATERAL (SELECT * FROM {SCHEMA}.statistics_samples s
                     WHERE s.environment_id = e.environment_id AND s.side = '{side}' AND s.endpoint_id = e.id
                     ORDER BY s.sampled_at DESC LIMIT 1) s ON true"""
    return ListSpec(
        source=f"{SCHEMA}.{table} e {newest}",
        fields=[
            Field("id", column="e.id", max_length=128),
            Field("environment_id", "uuid", column="e.environment_id"),
            Field("organisation_id", "integer", column=f"e.{organisation}", filterable=False),
            Field("kind", column=f"e.{kind}"),
            Field("enabled", "boolean", column="e.enabled"),
            *(Field(name, type_, column=f"s.{name}", nullable=True) for name, type_ in METRICS),  # type: ignore[arg-type]
        ],
        key="e.environment_id, e.id",
        default_order="id",
    )


def _select(side: str) -> str:
    _, organisation, kind = SIDES[side]
    metrics = ", ".join(f"s.{name}" for name, _ in METRICS)
    return f"e.id, e.environment_id, e.{organisation} AS organisation_id, e.{kind} AS kind, e.enabled, {metrics}"


SELECT = {side: _select(side) for side in SIDES}
SPECS = {side: _spec(side) for side in SIDES}


def _status(row: Any) -> EndpointStatus:
    return EndpointStatus.model_validate(dict(row))


def collection(side: str) -> Handler:
    _, organisation, _ = SIDES[side]

    async def status(request: web.Request) -> web.Response:
        principal = principal_of(request)
        where, params = ["NOT e.deleted"], []
        if not principal.is_superuser:
            if principal.active_organisation_id is None:
                raise not_found("active organisation")
            where, params = [*where, f"e.{organisation} = $1"], [principal.active_organisation_id]
        return await page(request, SPECS[side], _status, where, params, SELECT[side])

    return status


HANDLERS: dict[str, Handler] = {
    **{f"status.{side}s": collection(side) for side in SIDES},
    **{f"status.{side}s_schema": schema_handler(SPECS[side], f"Live status of the {side}s") for side in SIDES},
}
