"""The full schedule set of a c_env, recomputed in the unit that changed what it is made of, and what its agent
says it holds. The set's stream (``common.full_sets``) serialises recomputes of one environment, also across
replicas: two units recomputing it collide there and the retried one computes again from what the winner left."""

from __future__ import annotations

import uuid
from datetime import datetime

from common import full_sets
from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from scheduler.domain import environment, schedule_set
from scheduler.domain.environment import CLOSED, Environment
from scheduler.service_layer.units import decide, load

KIND = schedule_set.KIND


def _stream(environment_id: uuid.UUID) -> str:
    return full_sets.stream_id(KIND, environment_id)


async def recompute(work: UnitOfWork, env: Environment, now: datetime) -> None:
    """Push the environment's complete set if it differs from the last one pushed; a deleted one gets nothing."""
    if env.environment_id is None or not env.known or env.state in CLOSED:
        return
    environment_id, wanted = env.environment_id, schedule_set.items(env, now)
    await decide(work, _stream(environment_id), full_sets.fold,
                 lambda current: full_sets.compute(current, KIND, environment_id, wanted))  # fmt: skip


async def held(work: UnitOfWork, environment_id: uuid.UUID, version: int) -> None:
    await decide(work, _stream(environment_id), full_sets.fold,
                 lambda current: full_sets.held(current, KIND, environment_id, version))  # fmt: skip


async def reported(work: UnitOfWork, environment_id: uuid.UUID, version: int) -> None:
    await decide(work, _stream(environment_id), full_sets.fold,
                 lambda current: full_sets.reported(current, KIND, environment_id, version))  # fmt: skip


async def chase(run: Runner, environment_id: uuid.UUID, max_attempts: int) -> None:
    async def unit(work: UnitOfWork) -> None:
        await decide(work, _stream(environment_id), full_sets.fold,
                     lambda current: full_sets.chase(current, KIND, environment_id, max_attempts))  # fmt: skip

    await run(unit)


async def refresh(run: Runner, environment_id: uuid.UUID, now: datetime) -> int:
    """A200/A201: recompute and push; an unchanged set is pushed again. Returns the version pushed (0: none)."""

    async def unit(work: UnitOfWork) -> int:
        env = await load(work, environment.stream_id(environment_id), environment.fold)
        if not env.known or env.state in CLOSED:
            raise NotFound("environment not found")
        wanted, pushed = schedule_set.items(env, now), [0]

        def refreshing(current: full_sets.FullSet) -> list[full_sets.FullSetEvent]:
            computed = full_sets.compute(current, KIND, environment_id, wanted)
            pushed[0] = current.version + 1 if computed else current.version
            if computed or not current.version:
                return computed
            return full_sets.resend(current, KIND, environment_id, 1)

        await decide(work, _stream(environment_id), full_sets.fold, refreshing)
        return pushed[0]

    return await run(unit)


async def view(run: Runner, environment_id: uuid.UUID) -> full_sets.FullSet:
    async def unit(work: UnitOfWork) -> full_sets.FullSet:
        return await load(work, _stream(environment_id), full_sets.fold)

    return await run(unit)
