"""Deciding on an environment within a unit of work: typed events in, rows stamped with the organisation out."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from common.bus.consumer import Unprocessable
from common.eventstore import NewEvent, RecordedEvent
from common.unit_of_work import Runner, UnitOfWork
from environments.adapters import event_codec
from environments.domain import environment
from environments.domain.environment import Environment
from environments.domain.events import DomainEvent, EnvironmentRequested

Decide = Callable[[Environment], Sequence[DomainEvent]]


def fold(records: Sequence[RecordedEvent]) -> Environment:
    return environment.fold(event_codec.history(records))


def _organisation_of(env: Environment, new: Sequence[DomainEvent]) -> int:
    requested = [event.organisation_id for event in new if isinstance(event, EnvironmentRequested)]
    return requested[0] if requested else env.organisation_id


def _stamped(decide: Decide) -> Callable[[Environment], list[NewEvent]]:
    def decide_and_stamp(env: Environment) -> list[NewEvent]:
        new = decide(env)
        return [event_codec.encode(event, {"organisation_id": _organisation_of(env, new)}) for event in new]

    return decide_and_stamp


async def decide_on(
    work: UnitOfWork, environment_id: uuid.UUID, decide: Decide
) -> tuple[Environment, list[DomainEvent]]:
    """Append what ``decide`` makes of the environment; returns its state before, and what happened."""
    before = len(work.recorded)
    state = await work.decide(environment.stream_id(environment_id), fold, _stamped(decide))
    return state, [event_codec.decode(r) for r in work.recorded[before:]]


async def run_on(run: Runner, environment_id: uuid.UUID, decide: Decide) -> tuple[Environment, list[DomainEvent]]:
    """In a unit of work of its own, retried on conflicts."""
    return await run(lambda work: decide_on(work, environment_id, decide))


async def load(work: UnitOfWork, environment_id: uuid.UUID) -> Environment:
    return await work.load(environment.stream_id(environment_id), fold)


async def known(work: UnitOfWork, environment_id: uuid.UUID) -> Environment:
    """For handlers of messages: an environment nobody created can never be handled (dead-lettered)."""
    env = await load(work, environment_id)
    if not env.exists:
        raise Unprocessable(f"unknown environment {environment_id}")
    return env
