"""Use cases around outputs (A090–A102).

Every write decides on the environment (its state, its outputs and their ports) and on the output in one unit,
as inputs do: two outputs asking for one port of an environment collide on the environment's stream and the
runner's retry of the loser finds the port taken (409). The taker is the environment's organisation (guests'
outputs come with source invitations). ``scope`` is the caller's organisation, or None for a superuser.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from common.unit_of_work import Runner, UnitOfWork
from streams.contract.outputs import LISTEN_PORT, SETTINGS, OutputKind
from streams.domain import environment, environment_outputs, output_secrets, outputs
from streams.domain.events import DomainEvent, OutputPlaced
from streams.domain.output_secrets import SecretChanges
from streams.domain.ports import PortRange
from streams.service_layer.ports import Secrets, SecretsOf
from streams.service_layer.units import decide

Settings = Mapping[str, Any]


def _asked(kind: OutputKind, settings: Settings) -> tuple[bool, int | None]:
    """Whether the output listens, and on which port it asks for (None: the lowest free)."""
    field = LISTEN_PORT.get(kind)
    if field is None:
        return False, None
    asked = settings.get(field)
    return (asked != 0, asked) if kind == "rist" else (True, asked)


async def create(
    run: Runner, secrets: SecretsOf, scope: int | None, environment_id: uuid.UUID, output_id: str,
    kind: OutputKind, settings: Settings, password: str | None, ports: PortRange,
) -> None:  # fmt: skip
    configured, secret = output_secrets.secure(kind, settings, {}, password)

    async def unit(work: UnitOfWork) -> None:
        placed: list[DomainEvent] = []
        listens, asked = _asked(kind, settings)

        def placing(env: environment.Environment) -> list[DomainEvent]:
            field = LISTEN_PORT.get(kind, "port")
            placed[:] = environment_outputs.place(env, scope, output_id, listens, asked, ports, field)
            return placed

        env = await decide(work, environment.stream_id(environment_id), environment.fold, placing)
        [where] = placed
        assert isinstance(where, OutputPlaced)
        located = {**configured, LISTEN_PORT[kind]: where.port} if listens else configured
        await decide(work, outputs.stream_id(env.organisation_id, output_id), outputs.fold,
                     lambda current: outputs.create(current, env.organisation_id, environment_id, output_id, kind,
                                                    located))  # fmt: skip
        await _store(secrets(work), env.organisation_id, output_id, secret)

    await run(unit)


async def update(
    run: Runner, secrets: SecretsOf, scope: int | None, environment_id: uuid.UUID, output_id: str,
    kind: OutputKind, changes: Settings, password: str | None, ports: PortRange,
) -> None:  # fmt: skip
    """Only the fields in ``changes`` change; the result must still be a valid configuration of ``kind``."""

    async def unit(work: UnitOfWork) -> None:
        field = LISTEN_PORT.get(kind)
        moving = field is not None and changes.get(field) is not None
        listens, asked = _asked(kind, changes)

        def moved(env: environment.Environment) -> list[DomainEvent]:
            if moving:
                return environment_outputs.move(env, scope, output_id, asked if listens else None, ports, str(field))
            environment_outputs.output_on(env, scope, output_id)
            return []

        env = await decide(work, environment.stream_id(environment_id), environment.fold, moved)
        secret: list[SecretChanges] = []

        def changing(current: outputs.Output) -> list[DomainEvent]:
            before = outputs.of_kind(current, environment_id, kind).settings
            merged = {**output_secrets.without_marker(before), **changes}
            if field is not None and not moving:
                merged[field] = before[field]
            valid = SETTINGS[kind].model_validate(merged).model_dump(mode="json", exclude={"password"})
            configured, change = output_secrets.secure(kind, valid, before, password)
            secret[:] = [change]
            return outputs.change(current, environment_id, kind, configured, bool(change.keep))

        await decide(work, outputs.stream_id(env.organisation_id, output_id), outputs.fold, changing)
        await _store(secrets(work), env.organisation_id, output_id, secret[0])

    await run(unit)


async def delete(run: Runner, secrets: SecretsOf, scope: int | None, environment_id: uuid.UUID,
                 output_id: str) -> None:  # fmt: skip
    """The output is marked deleted, its port is free again and its credentials forgotten."""

    async def unit(work: UnitOfWork) -> None:
        env = await decide(work, environment.stream_id(environment_id), environment.fold,
                           lambda env: environment_outputs.remove(env, scope, output_id))  # fmt: skip
        await decide(work, outputs.stream_id(env.organisation_id, output_id), outputs.fold,
                     lambda current: outputs.delete(current, environment_id))  # fmt: skip
        await secrets(work).forget(env.organisation_id, output_id)

    await run(unit)


async def _store(secrets: Secrets, taker_id: int, output_id: str, change: SecretChanges) -> None:
    for name, value in change.keep.items():
        await secrets.keep(taker_id, output_id, name, value)
    if change.forget:
        await secrets.forget(taker_id, output_id, change.forget)
