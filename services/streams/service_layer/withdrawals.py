"""What an organisation's deletion does to its inputs and outputs: each comes off its environment and is deleted, so
the environment's agent is told to remove it (the deletion's configuration version, acknowledged and chased as any
other), an output's credentials are forgotten, and ports are free. The caller finds them on the read side."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Literal

from common.unit_of_work import Runner, UnitOfWork
from streams.domain import environment, inputs, outputs, withdrawals
from streams.service_layer.ports import SecretsOf
from streams.service_layer.units import decide

Placed = Iterable[tuple[uuid.UUID, str]]  # (environment id, endpoint id)
Side = Literal["input", "output"]
# each side: its aggregate's stream and fold, and the decisions taking it off its environment and deleting it
SIDES: dict[Side, tuple[Any, Any, Any, Any]] = {
    "input": (inputs.stream_id, inputs.fold, withdrawals.input_off, withdrawals.input_deleted),
    "output": (outputs.stream_id, outputs.fold, withdrawals.output_off, withdrawals.output_deleted),
}


async def organisation_deleted(
    work: UnitOfWork, secrets: SecretsOf, organisation_id: int, own_inputs: Placed, taken_outputs: Placed
) -> list[str]:
    """Returns what was deleted (as ``input:<id>`` and ``output:<id>``)."""
    deleted: list[str] = []
    sides: tuple[tuple[Side, Placed], ...] = (("input", own_inputs), ("output", taken_outputs))
    for side, placed in sides:
        for environment_id, endpoint_id in placed:
            if await _withdraw(work, side, organisation_id, environment_id, endpoint_id):
                deleted.append(f"{side}:{endpoint_id}")
                if side == "output":
                    await secrets(work).forget(organisation_id, endpoint_id)
    return deleted


async def withdraw(
    run: Runner, secrets: SecretsOf, organisation_id: int, own_inputs: Placed, taken_outputs: Placed
) -> list[str]:
    """The same, in a unit of its own (the sweep's: what a deleted organisation still holds)."""
    deleted: list[str] = []

    async def unit(work: UnitOfWork) -> None:
        deleted[:] = await organisation_deleted(work, secrets, organisation_id, own_inputs, taken_outputs)

    await run(unit)
    return deleted


async def _withdraw(work: UnitOfWork, side: Side, organisation_id: int, environment_id: uuid.UUID,
                    endpoint_id: str) -> bool:  # fmt: skip
    stream_of, fold, off, deleted = SIDES[side]
    before = await decide(work, environment.stream_id(environment_id), environment.fold,
                          lambda env: off(env, organisation_id, endpoint_id))  # fmt: skip
    if not off(before, organisation_id, endpoint_id):
        return False
    await decide(work, stream_of(organisation_id, endpoint_id), fold,
                 lambda current: deleted(current, environment_id))  # fmt: skip
    return True
