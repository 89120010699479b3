"""Use cases users start: create an environment, act on it, acknowledge its creation; an organisation's end, and a
resize its agent told the scheduler."""

from __future__ import annotations

import uuid

from common.errors import Conflict, Forbidden, Invalid
from common.http.principal import Principal
from common.unit_of_work import Runner, UnitOfWork
from environments.domain import decisions
from environments.domain.lifecycle import Action
from environments.service_layer.ports import Catalogue, Index
from environments.service_layer.units import decide_on, run_on


async def check_catalogue(catalogue: Catalogue, provider: str, region: str, instance_type: str) -> None:
    if not await catalogue.has_provider(provider):
        raise Invalid(f"unknown cloud provider {provider!r}", "cloud_provider")
    if not await catalogue.has_region(provider, region):
        raise Invalid(f"{provider} has no region {region!r}", "region")
    if not await catalogue.has_instance_type(provider, region, instance_type):
        raise Invalid(f"{provider} {region} has no instance type {instance_type!r}", "instance_type")


async def create(
    run: Runner, catalogue: Catalogue, principal: Principal, name: str, provider: str, region: str, instance_type: str
) -> uuid.UUID:
    organisation_id = principal.managing_organisation_id
    if organisation_id is None:
        raise Forbidden("choose a managing organisation first")
    await check_catalogue(catalogue, provider, region, instance_type)
    environment_id = uuid.uuid4()
    await run_on(run, environment_id, lambda _: decisions.request(environment_id, organisation_id, name, provider,
                                                                  region, instance_type))  # fmt: skip
    return environment_id


async def act(run: Runner, environment_id: uuid.UUID, action: Action, target_version: str | None = None) -> None:
    await run_on(run, environment_id, lambda env: decisions.act(env, action, target_version))


async def acknowledge_creation(run: Runner, environment_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """True for exactly one caller: the first to read the environment once it is running.

    A read must not fail because the environment is busy: if acknowledging keeps colliding with
    the agent's reports, this read goes without the token and a later one hands it out.
    """
    try:
        _, happened = await run_on(run, environment_id, lambda env: decisions.acknowledge_creation(env, user_id))
    except Conflict:
        return False
    return bool(happened)


async def organisation_deleted(work: UnitOfWork, index: Index, organisation_id: int) -> None:
    """Everything an organisation ran goes with it."""
    for environment_id in await index.of_organisation(organisation_id):
        await decide_on(work, environment_id, lambda env: decisions.act(env, "delete"))


async def resized(work: UnitOfWork, environment_id: uuid.UUID, instance_type: str, scheduler_version: int) -> None:
    """The agent told the scheduler (A200) which instance type it runs on now, and the scheduler published it."""
    await decide_on(work, environment_id, lambda env: decisions.resized(env, instance_type, scheduler_version))
