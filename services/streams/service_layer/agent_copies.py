"""What environments' agents say they hold of inputs, and the chase of what they do not answer.

Answers and reports name the environment and the input, not the organisation: the environment's aggregate
says whose it is. An environment streams does not know (yet) or knows deleted has nothing to reconcile.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from common.unit_of_work import Runner, UnitOfWork
from streams.domain import agent_copy, environment, inputs
from streams.service_layer.units import decide, load


async def _owner(work: UnitOfWork, environment_id: uuid.UUID) -> environment.Environment | None:
    env = await load(work, environment.stream_id(environment_id), environment.fold)
    return env if env.known and env.state != "deleted" else None


async def held(work: UnitOfWork, environment_id: uuid.UUID, input_id: str, version: int) -> None:
    """The agent answered a configuration (or removal) command: it holds ``version``."""
    env = await _owner(work, environment_id)
    if env is not None:
        await decide(work, inputs.stream_id(env.organisation_id, input_id), inputs.fold,
                     lambda current: agent_copy.held(current, environment_id, version))  # fmt: skip


async def reported(work: UnitOfWork, environment_id: uuid.UUID, held_versions: Mapping[str, int]) -> None:
    """The agent (re)connected holding ``held_versions``: whatever it lacks, holds stale or should not hold goes
    again; an input on the environment or held by the agent, each in turn, in a stable order."""
    env = await _owner(work, environment_id)
    if env is None:
        return
    for input_id in sorted({*env.inputs, *held_versions}):
        await _reconcile(work, env.organisation_id, environment_id, input_id, held_versions.get(input_id))


async def _reconcile(
    work: UnitOfWork, organisation_id: int, environment_id: uuid.UUID, input_id: str, held_version: int | None
) -> None:
    await decide(work, inputs.stream_id(organisation_id, input_id), inputs.fold,
                 lambda current: agent_copy.reported(current, organisation_id, environment_id, input_id,
                                                     held_version))  # fmt: skip


async def chase(run: Runner, organisation_id: int, input_id: str, max_attempts: int) -> None:
    async def unit(work: UnitOfWork) -> None:
        await decide(work, inputs.stream_id(organisation_id, input_id), inputs.fold,
                     lambda current: agent_copy.chase(current, max_attempts))  # fmt: skip

    await run(unit)
