"""Use cases users start: create an environment, act on it, acknowledge its creation."""

from __future__ import annotations

import uuid

from common.errors import Conflict, Forbidden, Invalid
from common.eventstore import PostgresEventStore
from common.http.principal import Principal
from environments.domain import decisions
from environments.domain.lifecycle import Action
from environments.service_layer.scoped import run


async def check_catalogue(store: PostgresEventStore, provider: str, region: str, instance_type: str) -> None:
    s = store.schema
    if not await store.pool.fetchval(f"SELECT true FROM {s}.cloud_providers WHERE id = $1", provider):
        raise Invalid(f"unknown cloud provider {provider!r}", "cloud_provider")
    if not await store.pool.fetchval(
        f"SELECT true FROM {s}.regions WHERE cloud_provider = $1 AND id = $2", provider, region
    ):
        raise Invalid(f"{provider} has no region {region!r}", "region")
    if not await store.pool.fetchval(
        f"SELECT true FROM {s}.instance_types WHERE cloud_provider = $1 AND region = $2 AND id = $3",
        provider, region, instance_type,
    ):  # fmt: skip
        raise Invalid(f"{provider} {region} has no instance type {instance_type!r}", "instance_type")


async def create(
    store: PostgresEventStore, principal: Principal, name: str, provider: str, region: str, instance_type: str
) -> uuid.UUID:
    organisation_id = principal.managing_organisation_id
    if organisation_id is None:
        raise Forbidden("choose a managing organisation first")
    await check_catalogue(store, provider, region, instance_type)
    environment_id = uuid.uuid4()
    await run(store, environment_id, lambda _: decisions.request(environment_id, organisation_id, name, provider,
                                                                region, instance_type))  # fmt: skip
    return environment_id


async def act(
    store: PostgresEventStore, environment_id: uuid.UUID, action: Action, target_version: str | None = None
) -> None:
    await run(store, environment_id, lambda env: decisions.act(env, action, target_version))


async def acknowledge_creation(store: PostgresEventStore, environment_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """True for exactly one caller: the first to read the environment once it is running.

    A read must not fail because the environment is busy: if acknowledging keeps colliding with
    the agent's reports, this read goes without the token and a later one hands it out.
    """
    try:
        _, recorded = await run(store, environment_id, lambda env: decisions.acknowledge_creation(env, user_id))
    except Conflict:
        return False
    return bool(recorded)
