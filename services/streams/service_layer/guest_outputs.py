"""A guest's outputs on an owner's environment, all at once: deleted by the owner with the invitation's token
(A218), or withdrawn when the guest's invitations no longer let it take outputs there (revoked, unregistered,
deleted with an organisation, or a grant gone)."""

from __future__ import annotations

import uuid

from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork
from streams.domain import environment
from streams.service_layer.outputs import Beside, remove
from streams.service_layer.units import load


async def _remove_all(work: UnitOfWork, beside: Beside, guest: int, environment_id: uuid.UUID) -> list[str]:
    env = await load(work, environment.stream_id(environment_id), environment.fold)
    taken = sorted(output_id for output_id, taker in env.guest_outputs.items() if taker == guest)
    for output_id in taken:
        await remove(work, beside.secrets, guest, environment_id, output_id)
    return taken


async def delete_all(
    run: Runner, beside: Beside, owner: int | None, guest: int, environment_id: uuid.UUID
) -> list[str]:
    """A218: every output ``guest`` takes on the environment of ``owner`` (None: a superuser, any owner)."""
    deleted: list[str] = []

    async def unit(work: UnitOfWork) -> None:
        env = await load(work, environment.stream_id(environment_id), environment.fold)
        if not env.known or owner not in (None, env.organisation_id):
            raise NotFound("environment not found")
        deleted[:] = await _remove_all(work, beside, guest, environment_id)

    await run(unit)
    return deleted


async def withdraw(run: Runner, beside: Beside, guest: int, owner: int, environment_id: uuid.UUID) -> list[str]:
    """The guest's outputs on the environment, if its invitations no longer let it take any there."""
    withdrawn: list[str] = []

    async def unit(work: UnitOfWork) -> None:
        if not (await beside.guests(work).access(guest, owner, environment_id)).may_take:
            withdrawn[:] = await _remove_all(work, beside, guest, environment_id)

    await run(unit)
    return withdrawn
