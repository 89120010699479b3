"""What the alerts service's handlers share: the runner of units of work."""

from __future__ import annotations

from aiohttp import web

from alerts.adapters.projections import PROJECTIONS
from common.http.app import RUNTIME, Runtime
from common.unit_of_work import PostgresRunner


def runner(runtime: Runtime) -> PostgresRunner:
    return PostgresRunner(runtime.store, PROJECTIONS)


def run_of(request: web.Request) -> PostgresRunner:
    return runner(request.app[RUNTIME])
