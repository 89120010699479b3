"""What the scheduler's handlers share: the runner of units of work and the clock."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from common.http.app import RUNTIME, Runtime
from common.unit_of_work import PostgresRunner
from scheduler.adapters.projections import PROJECTIONS


def runner(runtime: Runtime) -> PostgresRunner:
    return PostgresRunner(runtime.store, PROJECTIONS, take_turns=True)


def run_of(request: web.Request) -> PostgresRunner:
    return runner(request.app[RUNTIME])


def utc_now() -> datetime:
    return datetime.now(UTC)
