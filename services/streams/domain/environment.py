"""A c_env as streams sees it: its organisation and state (learnt from the environments service) and the inputs
and outputs on it with the ports they take. Every input or output write decides on this aggregate, so two
listeners of one side of an environment never hold one port and nothing is placed on an environment being
deleted. (The stream kept its first name, ``environment-inputs-``, when outputs joined it.)
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from common.errors import Conflict, NotFound
from common.folding import Folding
from streams.domain import ports as allocator
from streams.domain.events import (
    DomainEvent,
    EnvironmentNoted,
    InputPlaced,
    InputPortMoved,
    InputRemoved,
    OutputPlaced,
    OutputPortMoved,
    OutputRemoved,
)
from streams.domain.ports import PortRange

STREAM_PREFIX = "environment-inputs-"
CLOSED = frozenset({"deleting", "deleted"})
MEDIA_DOWN = CLOSED | {"stopping", "stopped", "failed"}  # states whose media cannot start or stop an endpoint


def stream_id(environment_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{environment_id}"


@dataclass(frozen=True)
class Environment:
    environment_id: uuid.UUID | None = None
    organisation_id: int = 0
    state: str = ""
    as_of: datetime | None = None
    inputs: Mapping[str, int | None] = field(default_factory=dict)
    outputs: Mapping[str, int | None] = field(default_factory=dict)
    guest_outputs: Mapping[str, int] = field(default_factory=dict)  # output id → its guest taker

    @property
    def known(self) -> bool:
        return self.environment_id is not None

    @property
    def held(self) -> dict[int, str]:
        return {port: input_id for input_id, port in self.inputs.items() if port is not None}

    def taker_of(self, output_id: str) -> int:
        return self.guest_outputs.get(output_id, self.organisation_id)

    @property
    def held_by_outputs(self) -> dict[int, str]:
        return {port: output_id for output_id, port in self.outputs.items() if port is not None}


def evolve(env: Environment, event: DomainEvent) -> Environment:
    match event:
        case EnvironmentNoted():
            return replace(env, environment_id=event.environment_id, organisation_id=event.organisation_id,
                           state=event.state, as_of=event.as_of)  # fmt: skip
        case InputPlaced() | InputPortMoved():
            return replace(env, inputs={**env.inputs, event.input_id: event.port})
        case InputRemoved():
            return replace(env, inputs={i: p for i, p in env.inputs.items() if i != event.input_id})
        case OutputPlaced(taker_organisation_id=int(taker)) if taker != env.organisation_id:
            return replace(env, outputs={**env.outputs, event.output_id: event.port},
                           guest_outputs={**env.guest_outputs, event.output_id: taker})  # fmt: skip
        case OutputPlaced() | OutputPortMoved():
            return replace(env, outputs={**env.outputs, event.output_id: event.port})
        case OutputRemoved():
            gone = event.output_id
            return replace(env, outputs={o: p for o, p in env.outputs.items() if o != gone},
                           guest_outputs={o: t for o, t in env.guest_outputs.items() if o != gone})  # fmt: skip
    return env


fold = Folding(Environment(), evolve)


def note(
    env: Environment, environment_id: uuid.UUID, organisation_id: int, state: str, as_of: datetime
) -> list[DomainEvent]:
    """A report older than the one held changes nothing (reports can overtake each other); deleted is final."""
    if env.state == "deleted" or (env.as_of is not None and as_of < env.as_of) or env.state == state:
        return []
    return [EnvironmentNoted(organisation_id=organisation_id, environment_id=environment_id, state=state,
                             as_of=as_of)]  # fmt: skip


def visible_to(env: Environment, scope: int | None) -> Environment:
    """The environment, if ``scope`` (an organisation; None for a superuser) may see it; otherwise it does not exist."""
    if not env.known or (scope is not None and env.organisation_id != scope):
        raise NotFound("environment not found")
    return env


def open_to(env: Environment, scope: int | None) -> Environment:
    visible_to(env, scope)
    if env.state in CLOSED:
        raise Conflict(f"the environment is {env.state}: its inputs and outputs cannot change", "environment_id")
    return env


def controllable(env: Environment, scope: int | None) -> Environment:
    """The environment, if its inputs and outputs may be started and stopped there: its media is (to be) up."""
    visible_to(env, scope)
    if env.state in MEDIA_DOWN:
        raise Conflict(f"the environment is {env.state}: its inputs and outputs cannot be started or stopped",
                       "environment_id")  # fmt: skip
    return env


def input_on(env: Environment, scope: int | None, input_id: str) -> Environment:
    if input_id not in open_to(env, scope).inputs:
        raise NotFound("input not found")
    return env


def place(
    env: Environment, scope: int | None, input_id: str, listens: bool, asked: int | None, ports: PortRange
) -> list[DomainEvent]:
    open_to(env, scope)
    port = allocator.choose(env.held, ports, input_id, asked) if listens else None
    return [InputPlaced(organisation_id=env.organisation_id, environment_id=_id(env), input_id=input_id, port=port)]


def move(env: Environment, scope: int | None, input_id: str, asked: int | None, ports: PortRange) -> list[DomainEvent]:
    """A listener's port changes to ``asked``; None or its own port change nothing."""
    current = input_on(env, scope, input_id).inputs[input_id]
    if asked is None or asked == current:
        return []
    port = allocator.choose(env.held, ports, input_id, asked)
    return [InputPortMoved(organisation_id=env.organisation_id, environment_id=_id(env), input_id=input_id,
                           port=port)]  # fmt: skip


def remove(env: Environment, scope: int | None, input_id: str) -> list[DomainEvent]:
    input_on(env, scope, input_id)
    return [InputRemoved(organisation_id=env.organisation_id, environment_id=_id(env), input_id=input_id)]


def _id(env: Environment) -> uuid.UUID:
    assert env.environment_id is not None
    return env.environment_id
