"""The history API (P09): finished schedule runs (``adapters.runs``), listed with the shared list machinery,
related rows filtered through its relations."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common.http.lists import Handler, page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec, Relation
from scheduler.config import SCHEMA
from scheduler.contract.schemas import ScheduleRunView
from scheduler.entrypoints.http.callers import managing

ENVIRONMENT = Relation(
    "environment", f"{SCHEMA}.environments", "environment.id = runs.environment_id",
    [Field("state", max_length=32), Field("organisation_id", "integer")],
)  # fmt: skip
RUNS = ListSpec(
    source=f"{SCHEMA}.schedule_runs AS runs",
    fields=[
        Field("id", "uuid", column="runs.id"),
        Field("organisation_id", "integer", column="runs.organisation_id"),
        Field("environment_id", "uuid"),
        Field("input_id", max_length=128),
        Field("output_id", max_length=128),
        Field("start_time", "datetime"),
        Field("end_time", "datetime"),
        Field("duration_seconds", "float"),
        Field("disconnect_reason", max_length=16),
        Field("is_permanent", "boolean"),
        Field("event_id", "uuid", nullable=True),
    ],
    key="runs.id",
    default_order="-end_time",
    relations=[ENVIRONMENT],
)


def run_view(row: Any) -> ScheduleRunView:
    return ScheduleRunView.model_validate(dict(row))


async def schedule_runs(request: web.Request) -> web.Response:
    if principal_of(request).is_superuser:
        return await page(request, RUNS, run_view, select="runs.*")
    return await page(request, RUNS, run_view, ["runs.organisation_id = $1"], [managing(request)], select="runs.*")


HANDLERS: dict[str, Handler] = {
    "history.schedule_runs": schedule_runs,
    "history.schedule_runs_schema": schema_handler(RUNS, "Finished schedule runs, newest first"),
}
