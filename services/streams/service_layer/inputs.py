"""Use cases around inputs (A059–A070) and what the environments service tells streams about environments.

Every write decides on the environment (its state, its inputs and their ports) and on the input in one
unit: two inputs asking for one port of an environment collide on the environment's stream, and the
runner's retry of the loser finds the port taken (409); two creations of one id in an organisation
collide on the input's stream. ``scope`` is the caller's organisation, or None for a superuser.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from common.unit_of_work import Runner, UnitOfWork
from streams.contract.inputs import LISTENERS, SETTINGS, InputKind
from streams.domain import environment, inputs
from streams.domain.events import DomainEvent, InputPlaced
from streams.domain.ports import PortRange
from streams.service_layer.units import decide

Settings = Mapping[str, Any]


async def create(
    run: Runner, scope: int | None, environment_id: uuid.UUID, input_id: str, kind: InputKind, settings: Settings,
    ports: PortRange,
) -> None:  # fmt: skip
    async def unit(work: UnitOfWork) -> None:
        placed: list[DomainEvent] = []

        def placing(env: environment.Environment) -> list[DomainEvent]:
            placed[:] = environment.place(env, scope, input_id, kind in LISTENERS, settings.get("port"), ports)
            return placed

        env = await decide(work, environment.stream_id(environment_id), environment.fold, placing)
        [where] = placed
        assert isinstance(where, InputPlaced)
        configured = {**settings, "port": where.port} if kind in LISTENERS else settings
        await decide(work, inputs.stream_id(env.organisation_id, input_id), inputs.fold,
                     lambda current: inputs.create(current, env.organisation_id, environment_id, input_id, kind,
                                                   configured))  # fmt: skip

    await run(unit)


async def update(
    run: Runner, scope: int | None, environment_id: uuid.UUID, input_id: str, kind: InputKind, changes: Settings,
    ports: PortRange,
) -> None:  # fmt: skip
    """Only the fields in ``changes`` change; the result must still be a valid configuration of ``kind``."""

    async def unit(work: UnitOfWork) -> None:
        asked = changes.get("port") if kind in LISTENERS else None
        env = await decide(work, environment.stream_id(environment_id), environment.fold,
                           lambda env: environment.move(env, scope, input_id, asked, ports))  # fmt: skip

        def changing(current: inputs.Input) -> list[DomainEvent]:
            merged = {**inputs.of_kind(current, environment_id, kind).settings, **changes}
            if kind in LISTENERS:
                merged["port"] = asked or current.settings["port"]
            valid = SETTINGS[kind].model_validate(merged).model_dump(mode="json")
            return inputs.change(current, environment_id, kind, valid)

        await decide(work, inputs.stream_id(env.organisation_id, input_id), inputs.fold, changing)

    await run(unit)


async def delete(run: Runner, scope: int | None, environment_id: uuid.UUID, input_id: str) -> None:
    """The input is marked deleted and its port is free again."""

    async def unit(work: UnitOfWork) -> None:
        env = await decide(work, environment.stream_id(environment_id), environment.fold,
                           lambda env: environment.remove(env, scope, input_id))  # fmt: skip
        await decide(work, inputs.stream_id(env.organisation_id, input_id), inputs.fold,
                     lambda current: inputs.delete(current, environment_id))  # fmt: skip

    await run(unit)


async def environment_noted(
    work: UnitOfWork, environment_id: uuid.UUID, organisation_id: int, state: str, as_of: datetime
) -> None:
    await decide(work, environment.stream_id(environment_id), environment.fold,
                 lambda env: environment.note(env, environment_id, organisation_id, state, as_of))  # fmt: skip
