"""Outputs on the environment aggregate: placed, moved to another listening port, removed. A listener output takes
a port of the environment's output port range that no other output of the environment holds."""

from __future__ import annotations

import uuid

from common.errors import NotFound
from streams.domain import ports as allocator
from streams.domain.environment import Environment, open_to
from streams.domain.events import DomainEvent, OutputPlaced, OutputPortMoved, OutputRemoved
from streams.domain.ports import PortRange

SIDE = "output"


def output_on(env: Environment, scope: int | None, output_id: str) -> Environment:
    if output_id not in open_to(env, scope).outputs:
        raise NotFound("output not found")
    return env


def place(
    env: Environment, scope: int | None, output_id: str, listens: bool, asked: int | None, ports: PortRange,
    field: str = "port",
) -> list[DomainEvent]:  # fmt: skip
    open_to(env, scope)
    port = allocator.choose(env.held_by_outputs, ports, output_id, asked, SIDE, field) if listens else None
    return [OutputPlaced(organisation_id=env.organisation_id, environment_id=_id(env), output_id=output_id, port=port)]


def move(
    env: Environment, scope: int | None, output_id: str, asked: int | None, ports: PortRange, field: str = "port"
) -> list[DomainEvent]:
    """The output listens on ``asked`` now (None: on no port any more); its own port changes nothing."""
    current = output_on(env, scope, output_id).outputs[output_id]
    if asked == current:
        return []
    port = None if asked is None else allocator.choose(env.held_by_outputs, ports, output_id, asked, SIDE, field)
    return [OutputPortMoved(organisation_id=env.organisation_id, environment_id=_id(env), output_id=output_id,
                            port=port)]  # fmt: skip


def remove(env: Environment, scope: int | None, output_id: str) -> list[DomainEvent]:
    output_on(env, scope, output_id)
    return [OutputRemoved(organisation_id=env.organisation_id, environment_id=_id(env), output_id=output_id)]


def _id(env: Environment) -> uuid.UUID:
    assert env.environment_id is not None
    return env.environment_id
