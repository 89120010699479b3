"""Outputs on the environment aggregate: placed, moved to another listening port, removed. A listener output takes
a port of the environment's output port range that no other output of the environment holds.

An output's taker is the environment's organisation or a guest of it. The taker acting on its output is ``taker``
(None: a superuser, who may act on any); a guest's right to place one more output is decided before, from its
invitations (``guests.Access``), and counted here, on the environment's stream, so concurrent creations of one
guest cannot pass its maximum together. Output ids are unique on an environment, whoever takes them: the agent
holds its outputs by id.
"""

from __future__ import annotations

import uuid

from common.errors import Conflict, NotFound
from streams.domain import guests
from streams.domain import ports as allocator
from streams.domain.environment import CLOSED, Environment
from streams.domain.events import DomainEvent, OutputPlaced, OutputPortMoved, OutputRemoved
from streams.domain.ports import PortRange

SIDE = "output"


def _open(env: Environment) -> Environment:
    if not env.known:
        raise NotFound("environment not found")
    if env.state in CLOSED:
        raise Conflict(f"the environment is {env.state}: its inputs and outputs cannot change", "environment_id")
    return env


def output_on(env: Environment, taker: int | None, output_id: str) -> Environment:
    if output_id not in _open(env).outputs or taker not in (None, env.taker_of(output_id)):
        raise NotFound("output not found")
    return env


def place(
    env: Environment, taker: int | None, access: guests.Access | None, output_id: str, listens: bool,
    asked: int | None, ports: PortRange, field: str = "port",
) -> list[DomainEvent]:  # fmt: skip
    """``access``: what the guest ``taker`` may take here (None: the taker is the environment's organisation)."""
    owner = _open(env).organisation_id
    taker = owner if taker is None else taker
    if taker != owner:
        guests.admit(access or guests.Access(False, 0), sum(1 for t in env.guest_outputs.values() if t == taker))
    if output_id in env.outputs and env.taker_of(output_id) != taker:
        raise Conflict(f"another organisation's output on this environment has the id {output_id!r}", "id")
    port = allocator.choose(env.held_by_outputs, ports, output_id, asked, SIDE, field) if listens else None
    return [OutputPlaced(organisation_id=env.organisation_id, environment_id=_id(env), output_id=output_id, port=port,
                         taker_organisation_id=taker)]  # fmt: skip


def move(
    env: Environment, taker: int | None, output_id: str, asked: int | None, ports: PortRange, field: str = "port"
) -> list[DomainEvent]:
    """The output listens on ``asked`` now (None: on no port any more); its own port changes nothing."""
    current = output_on(env, taker, output_id).outputs[output_id]
    if asked == current:
        return []
    port = None if asked is None else allocator.choose(env.held_by_outputs, ports, output_id, asked, SIDE, field)
    return [OutputPortMoved(organisation_id=env.organisation_id, environment_id=_id(env), output_id=output_id,
                            port=port)]  # fmt: skip


def remove(env: Environment, taker: int | None, output_id: str) -> list[DomainEvent]:
    output_on(env, taker, output_id)
    return [OutputRemoved(organisation_id=env.organisation_id, environment_id=_id(env), output_id=output_id)]


def _id(env: Environment) -> uuid.UUID:
    assert env.environment_id is not None
    return env.environment_id
