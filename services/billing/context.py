"""What billing's handlers share: the runner of units of work, the organisations read model, the caller's
managing organisation."""

from __future__ import annotations

from aiohttp import web

from billing.adapters.organisations import PostgresOrganisations
from billing.adapters.projections import PROJECTIONS
from billing.config import SCHEMA
from common.http.app import RUNTIME, Runtime
from common.http.principal import principal_of
from common.http.problems import conflict, not_found
from common.unit_of_work import PostgresRunner


def runner(runtime: Runtime) -> PostgresRunner:
    return PostgresRunner(runtime.store, PROJECTIONS)


def run_of(request: web.Request) -> PostgresRunner:
    return runner(request.app[RUNTIME])


def organisations_of(request: web.Request) -> PostgresOrganisations:
    return PostgresOrganisations(request.app[RUNTIME].pool, SCHEMA)


def managing_organisation(request: web.Request) -> int:
    organisation_id = principal_of(request).managing_organisation_id
    if organisation_id is None:
        raise conflict("you have no managing organisation; create one or switch to one first")
    return organisation_id


def organisation_in_path(request: web.Request) -> int:
    """The path's organisation id; one that is not a positive 32-bit integer names no organisation (404)."""
    try:
        organisation_id = int(request.match_info["organisation_id"])
    except ValueError as exc:
        raise not_found("organisation") from exc
    if not 0 < organisation_id < 2**31:
        raise not_found("organisation")
    return organisation_id
