"""The full schedule set of a c_env (``common.full_sets``), recomputed in the unit that changed what it is made of,
and what its agent says it holds. The set's control stream serialises recomputes of one environment, also across
replicas: two units recomputing it collide there and the retried one computes again from what the winner left."""

from __future__ import annotations

import uuid
from datetime import datetime

from common import full_sets
from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from scheduler.domain import environment, schedule_set
from scheduler.domain.environment import CLOSED, Environment
from scheduler.service_layer.units import decide_after, load

KIND = schedule_set.KIND


async def recompute(work: UnitOfWork, env: Environment, now: datetime) -> None:
    """Push the environment's complete set if it differs from the last one pushed; a deleted one gets nothing."""
    if env.environment_id is None or not env.known or env.state in CLOSED:
        return
    await full_sets.push(work, KIND, env.environment_id, schedule_set.items(env, now))


async def held(work: UnitOfWork, environment_id: uuid.UUID, version: int) -> None:
    await full_sets.acknowledge(work, KIND, environment_id, version)


async def reported(work: UnitOfWork, environment_id: uuid.UUID, version: int) -> None:
    await full_sets.report(work, KIND, environment_id, version)


async def chase(run: Runner, environment_id: uuid.UUID, max_attempts: int) -> None:
    async def unit(work: UnitOfWork) -> None:
        await full_sets.follow_up(work, KIND, environment_id, max_attempts)

    await run(unit)


async def refresh(run: Runner, environment_id: uuid.UUID, now: datetime, instance_type: str | None = None) -> int:
    """A200/A201: recompute and push; an unchanged set is pushed again. Returns the version pushed (0: none).
    ``instance_type``: the c_env now runs on it (a scale up or down), noted first so its capacity decides."""

    async def unit(work: UnitOfWork) -> int:
        stream = environment.stream_id(environment_id)
        if instance_type is None:
            env = await load(work, stream, environment.fold)
        else:
            env = await decide_after(work, stream, environment.fold, environment.evolve,
                                     lambda env: environment.resize(env, instance_type))  # fmt: skip
        if not env.known or env.state in CLOSED:
            raise NotFound("environment not found")
        return await full_sets.push(work, KIND, environment_id, schedule_set.items(env, now), again=True)

    return await run(unit)


async def not_started(run: Runner, environment_id: uuid.UUID, schedule_id: uuid.UUID, now: datetime) -> bool:
    """The schedule is pending on the environment, and its capacity does not let it start."""

    async def unit(work: UnitOfWork) -> bool:
        env = await load(work, environment.stream_id(environment_id), environment.fold)
        return schedule_id in schedule_set.refused(env, now)

    return await run(unit)


async def view(run: Runner, environment_id: uuid.UUID) -> tuple[full_sets.FullSet, full_sets.Items]:
    async def unit(work: UnitOfWork) -> tuple[full_sets.FullSet, full_sets.Items]:
        return await full_sets.newest(work, KIND, environment_id)

    return await run(unit)
