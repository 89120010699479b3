"""What environments' agents say they hold of inputs and outputs, and the chase of what they do not answer: one
mechanism for both kinds of stream endpoint, each kind on its own streams and ids.

Answers and reports name the environment and the endpoint, not the organisation: the environment's aggregate
says whose it is (an input's organisation is its environment's; an output's taker is that or a guest). An
environment streams does not know (yet) or knows deleted has nothing to reconcile.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cenv_agent.contract.messages import Side
from common.unit_of_work import Runner, UnitOfWork
from streams.domain import agent_copy, environment, inputs, outputs
from streams.domain.agent_copy import Copy
from streams.domain.events import DomainEvent
from streams.service_layer.units import decide, load


@dataclass(frozen=True)
class Endpoints:
    stream_id: Callable[[int, str], str]
    fold: Callable[[Sequence[DomainEvent]], Copy]
    on: Callable[[environment.Environment], Mapping[str, object]]  # the endpoints of this kind on an environment
    owner: Callable[[environment.Environment, str], int]  # whose stream an endpoint on the environment is


SIDES: dict[Side, Endpoints] = {
    "input": Endpoints(inputs.stream_id, inputs.fold, lambda env: env.inputs, lambda env, _: env.organisation_id),
    "output": Endpoints(
        outputs.stream_id, outputs.fold, lambda env: env.outputs, lambda env, output_id: env.taker_of(output_id)
    ),
}


async def _owner(work: UnitOfWork, environment_id: uuid.UUID) -> environment.Environment | None:
    env = await load(work, environment.stream_id(environment_id), environment.fold)
    return env if env.known and env.state != "deleted" else None


async def held(
    work: UnitOfWork, environment_id: uuid.UUID, side: Side, endpoint_id: str, version: int, running: bool | None
) -> None:
    """The agent answered a configuration (or removal) command: it holds ``version``, its media ``running``."""
    env = await _owner(work, environment_id)
    if env is not None:
        kind = SIDES[side]
        await decide(work, kind.stream_id(kind.owner(env, endpoint_id), endpoint_id), kind.fold,
                     lambda current: agent_copy.held(current, environment_id, version, running))  # fmt: skip


async def reported(
    work: UnitOfWork, environment_id: uuid.UUID, held_versions: Mapping[Side, Mapping[str, int]]
) -> None:
    """The agent (re)connected holding ``held_versions`` (per side): whatever it lacks, holds stale or should not
    hold goes again; each endpoint on the environment or held by the agent, in turn, in a stable order."""
    env = await _owner(work, environment_id)
    if env is None:
        return
    for side, kind in SIDES.items():
        held_here = held_versions.get(side, {})
        for endpoint_id in sorted({*kind.on(env), *held_here}):
            owner = kind.owner(env, endpoint_id)
            await _reconcile(work, kind, owner, environment_id, endpoint_id, held_here.get(endpoint_id))


async def _reconcile(
    work: UnitOfWork, kind: Endpoints, organisation_id: int, environment_id: uuid.UUID, endpoint_id: str,
    held_version: int | None,
) -> None:  # fmt: skip
    await decide(work, kind.stream_id(organisation_id, endpoint_id), kind.fold,
                 lambda current: agent_copy.reported(current, organisation_id, environment_id, endpoint_id,
                                                     held_version))  # fmt: skip


async def chase(run: Runner, side: Side, organisation_id: int, endpoint_id: str, max_attempts: int) -> None:
    kind = SIDES[side]

    async def unit(work: UnitOfWork) -> None:
        await decide(work, kind.stream_id(organisation_id, endpoint_id), kind.fold,
                     lambda current: agent_copy.chase(current, max_attempts))  # fmt: skip

    await run(unit)
