"""What the alerts service's handlers share: the runner of units of work, the caller's managing organisation."""

from __future__ import annotations

from aiohttp import web

from alerts.adapters.projections import PROJECTIONS
from common.http.app import RUNTIME, Runtime
from common.http.principal import principal_of
from common.http.problems import conflict
from common.unit_of_work import PostgresRunner


def runner(runtime: Runtime) -> PostgresRunner:
    return PostgresRunner(runtime.store, PROJECTIONS)


def run_of(request: web.Request) -> PostgresRunner:
    return runner(request.app[RUNTIME])


def managing_organisation(request: web.Request) -> int:
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise conflict("you have no managing organisation; create one or switch to one first")
    return organisation_id
