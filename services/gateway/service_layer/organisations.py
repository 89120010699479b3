"""Use cases around organisations: creating one (free credits, first context), updating, the token secret."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from common.errors import Conflict, Forbidden
from common.http.principal import Principal
from gateway.domain import organisations, users
from gateway.domain.events import Event
from gateway.service_layer.work import Unit, Units, decide_one

FREE_CREDITS = "free_credits"
NO_CREDITS = "none"


async def create_organisation(units: Units, principal: Principal, name: str, client_ip: str | None) -> int:
    if principal.user_id is None:
        raise Forbidden("only a signed-in user can create an organisation")
    user_id = principal.user_id
    organisation_id = await units.allocate_organisation_id()

    async def found(work: Unit) -> int:
        directory = work.directory
        await work.lock(users.stream(user_id))  # one creation per user at a time: the check below then holds
        if await directory.holds_free_credits(user_id):
            raise Conflict("you already have an organisation on free credits; switch it to an account first")
        user = await work.load(users.stream(user_id), users.fold)
        exhausted = bool(client_ip) and await directory.address_exhausted_credits(client_ip or "")
        payment_method = NO_CREDITS if exhausted else FREE_CREDITS
        first = not await directory.membership_ids(user_id)

        def switch_if_first(user: users.User) -> list[Event]:
            if first or user.managing_organisation_id is None:
                return users.switch_context(user, organisation_id, organisation_id, None)
            return []

        await work.decide(
            organisations.stream(organisation_id),
            organisations.fold,
            lambda org: organisations.create(
                org, organisation_id, name, user_id, user.email, payment_method, client_ip
            ),
        )
        await work.decide(users.stream(user_id), users.fold, switch_if_first)
        return organisation_id

    return await units(found)


async def update_details(units: Units, organisation_id: int, changes: Mapping[str, Any]) -> None:
    stream = organisations.stream(organisation_id)
    await decide_one(units, stream, organisations.fold, lambda o: organisations.update_details(o, changes))


async def rotate_token(units: Units, organisation_id: int) -> tuple[str, datetime]:
    """I01: a new generated-token secret, kept beside the event store; returned once with when it took effect."""
    secret = secrets.token_hex(16)

    async def unit(work: Unit) -> datetime:
        await work.decide(organisations.stream(organisation_id), organisations.fold, organisations.rotate_token)
        rotated_at = work.recorded_at
        assert rotated_at is not None
        await work.vault.set_token_secret(organisation_id, secret, rotated_at)
        return rotated_at

    return secret, await units(unit)
