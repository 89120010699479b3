"""Use cases around outputs (A090–A102).

Every write decides on the environment (its state, its outputs, their ports and takers) and on the output in one
unit, as inputs do: two outputs asking for one port of an environment collide on the environment's stream and the
runner's retry of the loser finds the port taken (409); so do two creations of one guest near its maximum.

The ``Caller`` acts for its managing organisation, which takes the outputs it creates: the environment's own
organisation (while it is also the caller's active one), or a guest whose source invitations let it take outputs
there (decision 60). A superuser acts for the environment's organisation, on any output.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from streams.contract.outputs import LISTEN_PORT, SETTINGS, OutputKind
from streams.domain import environment, environment_outputs, guests, output_secrets, outputs
from streams.domain.events import DomainEvent, OutputPlaced
from streams.domain.output_secrets import SecretChanges
from streams.domain.ports import PortRange
from streams.service_layer.ports import Guests, GuestsOf, Secrets, SecretsOf
from streams.service_layer.units import decide

Settings = Mapping[str, Any]


@dataclass(frozen=True)
class Caller:
    """``organisation_id``: the caller's managing organisation (None: a superuser); ``own``: it is also the active
    one."""

    organisation_id: int | None
    own: bool = True


@dataclass(frozen=True)
class Beside:
    """What output use cases read and keep beside the log, in a unit's transaction."""

    secrets: SecretsOf
    guests: GuestsOf


async def _access(guests_: Guests, caller: Caller, environment_id: uuid.UUID) -> guests.Access | None:
    """What the caller may take on the environment as a guest; None when it acts as the environment's own
    organisation (or a superuser). An environment the caller may not act on at all does not exist for it."""
    if caller.organisation_id is None:
        return None
    owner = await guests_.owner_of(environment_id)
    if owner is None or (owner == caller.organisation_id and not caller.own):
        raise NotFound("environment not found")
    if owner == caller.organisation_id:
        return None
    return await guests_.access(caller.organisation_id, owner, environment_id)


def _asked(kind: OutputKind, settings: Settings) -> tuple[bool, int | None]:
    """Whether the output listens, and on which port it asks for (None: the lowest free)."""
    field = LISTEN_PORT.get(kind)
    if field is None:
        return False, None
    asked = settings.get(field)
    return (asked != 0, asked) if kind == "rist" else (True, asked)


async def create(
    run: Runner, beside: Beside, caller: Caller, environment_id: uuid.UUID, output_id: str, kind: OutputKind,
    settings: Settings, password: str | None, ports: PortRange, agreement_id: uuid.UUID | None = None,
) -> None:  # fmt: skip
    """``agreement_id``: the output is bound to it (published for billing and the scheduler)."""
    configured, secret = output_secrets.secure(kind, settings, {}, password)

    async def unit(work: UnitOfWork) -> None:
        access = await _access(beside.guests(work), caller, environment_id)
        placed: list[DomainEvent] = []
        listens, asked = _asked(kind, settings)

        def placing(env: environment.Environment) -> list[DomainEvent]:
            field = LISTEN_PORT.get(kind, "port")
            placed[:] = environment_outputs.place(env, caller.organisation_id, access, output_id, listens, asked,
                                                  ports, field)  # fmt: skip
            return placed

        await decide(work, environment.stream_id(environment_id), environment.fold, placing)
        [where] = placed
        assert isinstance(where, OutputPlaced) and where.taker_organisation_id is not None
        taker = where.taker_organisation_id
        located = {**configured, LISTEN_PORT[kind]: where.port} if listens else configured
        await decide(work, outputs.stream_id(taker, output_id), outputs.fold,
                     lambda now: outputs.create(now, taker, environment_id, output_id, kind, located,
                                                agreement_id))  # fmt: skip
        await _store(beside.secrets(work), taker, output_id, secret)

    await run(unit)


async def update(
    run: Runner, beside: Beside, caller: Caller, environment_id: uuid.UUID, output_id: str, kind: OutputKind,
    changes: Settings, password: str | None, ports: PortRange,
) -> None:  # fmt: skip
    """Only the fields in ``changes`` change; the result must still be a valid configuration of ``kind``. A guest
    must still be let take outputs on the environment (the seed: as for creation)."""
    scope = caller.organisation_id

    async def unit(work: UnitOfWork) -> None:
        access = await _access(beside.guests(work), caller, environment_id)
        if access is not None and not access.may_take:
            raise NotFound("environment not found")
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

        taker = env.taker_of(output_id)
        await decide(work, outputs.stream_id(taker, output_id), outputs.fold, changing)
        await _store(beside.secrets(work), taker, output_id, secret[0])

    await run(unit)


async def delete(run: Runner, beside: Beside, caller: Caller, environment_id: uuid.UUID, output_id: str) -> None:
    """The output is marked deleted, its port is free again and its credentials forgotten. Its taker deletes it,
    even a guest no longer let take outputs there."""

    async def unit(work: UnitOfWork) -> None:
        await _access(beside.guests(work), caller, environment_id)
        await remove(work, beside.secrets, caller.organisation_id, environment_id, output_id)

    await run(unit)


async def remove(work: UnitOfWork, secrets: SecretsOf, taker: int | None, environment_id: uuid.UUID,
                 output_id: str) -> None:  # fmt: skip
    env = await decide(work, environment.stream_id(environment_id), environment.fold,
                       lambda env: environment_outputs.remove(env, taker, output_id))  # fmt: skip
    owner = env.taker_of(output_id)
    await decide(work, outputs.stream_id(owner, output_id), outputs.fold,
                 lambda current: outputs.delete(current, environment_id))  # fmt: skip
    await secrets(work).forget(owner, output_id)


async def _store(secrets: Secrets, taker_id: int, output_id: str, change: SecretChanges) -> None:
    for name, value in change.keep.items():
        await secrets.keep(taker_id, output_id, name, value)
    if change.forget:
        await secrets.forget(taker_id, output_id, change.forget)
