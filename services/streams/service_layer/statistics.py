"""Use cases of the bitrate guard (A084, A085: from the agent's reports on the bus or its HTTP calls) and of
statistics resets (A075, A107). ``scope`` is the caller's organisation, or None for a superuser."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from streams.domain import environment, guard, inputs, outputs
from streams.domain.events import DomainEvent
from streams.service_layer.units import decide, load

Guarding = Callable[[inputs.Input, uuid.UUID, int | None, int | None], list[DomainEvent]]
GUARDS: dict[str, Guarding] = {"stop": guard.mark_stopped, "warn": guard.warn_running_hot}


async def guarded(
    work: UnitOfWork, what: str, environment_id: uuid.UUID, input_id: str, bitrate: int | None, limit: int | None
) -> None:
    """The agent of ``environment_id`` stopped the input (``what``: "stop") or warned it runs hot ("warn")."""
    env = await load(work, environment.stream_id(environment_id), environment.fold)
    if not env.known or input_id not in env.inputs:
        raise NotFound("input not found")
    await decide(work, inputs.stream_id(env.organisation_id, input_id), inputs.fold,
                 lambda current: GUARDS[what](current, environment_id, bitrate, limit))  # fmt: skip


async def reset_input(run: Runner, scope: int | None, environment_id: uuid.UUID, input_id: str) -> None:
    async def unit(work: UnitOfWork) -> None:
        env = await load(work, environment.stream_id(environment_id), environment.fold)
        if input_id not in environment.visible_to(env, scope).inputs:
            raise NotFound("input not found")
        guard.running(env)
        await decide(work, inputs.stream_id(env.organisation_id, input_id), inputs.fold,
                     lambda current: guard.reset_input(current, environment_id, uuid.uuid4()))  # fmt: skip

    await run(unit)


async def reset_output(run: Runner, taker: int | None, environment_id: uuid.UUID, output_id: str) -> None:
    """By the output's taker (the environment's organisation or a guest of it)."""

    async def unit(work: UnitOfWork) -> None:
        env = await load(work, environment.stream_id(environment_id), environment.fold)
        if not env.known or output_id not in env.outputs or taker not in (None, env.taker_of(output_id)):
            raise NotFound("output not found")
        guard.running(env)
        await decide(work, outputs.stream_id(env.taker_of(output_id), output_id), outputs.fold,
                     lambda current: guard.reset_output(current, environment_id, uuid.uuid4()))  # fmt: skip

    await run(unit)
