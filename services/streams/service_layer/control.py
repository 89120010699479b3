"""Starting and stopping inputs (A078, A080) and outputs (A109, A110) on their environment.

A start or a stop is a new version of the endpoint's configuration (decision 50): the relay carries it to the
agent, and the answers, the chase and the reconnect reports make sure the agent ends holding it. The environment
is only read: its state decides whether its media can be started or stopped, and whose an output is (its taker, a
guest's or the environment's organisation's); the endpoint's own stream serialises a start against a change, a stop
or a deletion.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from cenv_agent.contract.messages import Side
from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from streams.domain import environment, inputs, outputs
from streams.domain.events import DomainEvent
from streams.service_layer.units import decide, load

Decision = Callable[[Any, uuid.UUID], list[DomainEvent]]
SIDES: dict[Side, tuple[Callable[[int, str], str], Callable[[Sequence[DomainEvent]], Any], Decision, Decision]] = {
    "input": (inputs.stream_id, inputs.fold, inputs.start, inputs.stop),
    "output": (outputs.stream_id, outputs.fold, outputs.start, outputs.stop),
}


async def run_endpoint(
    run: Runner, scope: int | None, environment_id: uuid.UUID, side: Side, endpoint_id: str, running: bool
) -> None:
    """Start (``running``) or stop the endpoint; what it already is changes nothing."""
    stream_id, fold, start, stop = SIDES[side]

    async def unit(work: UnitOfWork) -> None:
        env = await load(work, environment.stream_id(environment_id), environment.fold)
        owner = env.taker_of(endpoint_id) if side == "output" else env.organisation_id
        if side == "output" and scope not in (None, owner):
            raise NotFound("output not found")
        environment.controllable(env, None if side == "output" else scope)
        decision = start if running else stop
        await decide(work, stream_id(owner, endpoint_id), fold, lambda current: decision(current, environment_id))

    await run(unit)
