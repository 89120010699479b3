"""What the scheduler learns from other services' integration events: environments' lifecycles (environments),
inputs and outputs on them (streams) and the agreements outputs are bound to (billing). Each is noted on the
environment's stream, and the environment's full set is recomputed: a deleted input or output takes its entries out
of the set."""

from __future__ import annotations

import uuid
from datetime import datetime

from common.unit_of_work import UnitOfWork
from scheduler.domain import environment
from scheduler.domain.environment import Bound as Agreement
from scheduler.domain.events import DomainEvent
from scheduler.service_layer import sets
from scheduler.service_layer.units import decide_after


async def environment_noted(
    work: UnitOfWork, environment_id: uuid.UUID, organisation_id: int, state: str, as_of: datetime, now: datetime,
    requested_on: tuple[str, str] | None = None,
) -> None:  # fmt: skip
    """``requested_on``: the cloud provider and instance type, when the report names them (a request does)."""

    def decide(env: environment.Environment) -> list[DomainEvent]:
        noted = environment.note(env, environment_id, organisation_id, state, as_of)
        if requested_on is None:
            return noted
        return [*noted, *environment.note_capacity(env, environment_id, organisation_id, *requested_on)]

    env = await decide_after(work, environment.stream_id(environment_id), environment.fold, environment.evolve, decide)
    await sets.recompute(work, env, now)


async def input_noted(
    work: UnitOfWork, environment_id: uuid.UUID, organisation_id: int, input_id: str, version: int, deleted: bool,
    now: datetime, bitrate_kbps: int = 0,
) -> None:  # fmt: skip
    env = await decide_after(work, environment.stream_id(environment_id), environment.fold, environment.evolve,
                             lambda env: environment.note_input(env, environment_id, organisation_id, input_id,
                                                                version, deleted, bitrate_kbps))  # fmt: skip
    await sets.recompute(work, env, now)


async def output_noted(
    work: UnitOfWork, environment_id: uuid.UUID, taker_id: int, output_id: str, version: int, deleted: bool,
    now: datetime,
) -> None:  # fmt: skip
    env = await decide_after(work, environment.stream_id(environment_id), environment.fold, environment.evolve,
                             lambda env: environment.note_output(env, environment_id, taker_id, output_id, version,
                                                                 deleted))  # fmt: skip
    await sets.recompute(work, env, now)


async def agreement_noted(
    work: UnitOfWork, environment_id: uuid.UUID, taker_id: int, output_id: str, agreement: Agreement, live: bool,
    now: datetime,
) -> None:  # fmt: skip
    env = await decide_after(work, environment.stream_id(environment_id), environment.fold, environment.evolve,
                             lambda env: environment.note_agreement(env, environment_id, taker_id, output_id,
                                                                    agreement.agreement_id, agreement.bitrate_kbps,
                                                                    agreement.expires_at, live))  # fmt: skip
    await sets.recompute(work, env, now)
