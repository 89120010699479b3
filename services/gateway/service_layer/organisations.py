"""Use cases around organisations: creating one (free credits, first context), updating, the token secret."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from common.commands import execute
from common.errors import Conflict, Forbidden
from common.eventstore import NewEvent, PostgresEventStore
from common.http.principal import Principal
from gateway.adapters.projections import PROJECTIONS
from gateway.domain import organisations, users
from gateway.service_layer.work import Work, run

FREE_CREDITS = "free_credits"
NO_CREDITS = "none"


async def create_organisation(store: PostgresEventStore, principal: Principal, name: str, client_ip: str | None) -> int:
    if principal.user_id is None:
        raise Forbidden("only a signed-in user can create an organisation")
    s, pool = store.schema, store.pool
    if await pool.fetchval(
        f"""SELECT true FROM {s}.organisations
            WHERE created_by = $1 AND payment_method = $2 AND deleted_at IS NULL LIMIT 1""",
        principal.user_id,
        FREE_CREDITS,
    ):
        raise Conflict("you already have an organisation on free credits; switch it to an account first")
    # nextval would take a transaction id, so it runs before the append's transaction.
    organisation_id = int(await pool.fetchval(f"SELECT nextval('{s}.organisation_ids')"))
    email = await pool.fetchval(f"SELECT email FROM {s}.users WHERE id = $1", principal.user_id)
    payment_method = NO_CREDITS if await _address_exhausted_credits(store, client_ip) else FREE_CREDITS
    first = not await pool.fetchval(f"SELECT true FROM {s}.memberships WHERE user_id = $1 LIMIT 1", principal.user_id)
    user_id = principal.user_id

    def switch_if_first(user: users.User) -> list[NewEvent]:
        if first or user.managing_organisation_id is None:
            return users.switch_context(user, organisation_id, organisation_id, None)
        return []

    async def found(work: Work) -> int:
        await work.decide(
            organisations.stream(organisation_id),
            organisations.fold,
            lambda org: organisations.create(org, organisation_id, name, user_id, email, payment_method, client_ip),
        )
        await work.decide(users.stream(user_id), users.fold, switch_if_first)
        return organisation_id

    return await run(store, found)


async def _address_exhausted_credits(store: PostgresEventStore, client_ip: str | None) -> bool:
    """An address that created an organisation which ran out of free credits gets no more (A179)."""
    if not client_ip:
        return False
    return bool(
        await store.pool.fetchval(
            f"SELECT true FROM {store.schema}.credit_exhausted_addresses WHERE address = $1", client_ip
        )
    )


async def update_details(store: PostgresEventStore, organisation_id: int, changes: Mapping[str, Any]) -> None:
    stream = organisations.stream(organisation_id)
    await execute(store, PROJECTIONS, stream, organisations.fold, lambda o: organisations.update_details(o, changes))


async def rotate_token(store: PostgresEventStore, organisation_id: int) -> tuple[str, datetime]:
    """I01: a new generated-token secret, kept beside the event store; returned once with when it took effect."""
    secret = secrets.token_hex(16)

    async def unit(work: Work) -> datetime:
        await work.decide(organisations.stream(organisation_id), organisations.fold, organisations.rotate_token)
        rotated_at = work.recorded[-1].recorded_at
        await work.conn.execute(
            f"""INSERT INTO {work.schema}.organisation_token_secrets (organisation_id, secret, rotated_at)
                VALUES ($1, $2, $3) ON CONFLICT (organisation_id)
                DO UPDATE SET secret = excluded.secret, rotated_at = excluded.rotated_at""",
            organisation_id,
            secret,
            rotated_at,
        )
        return rotated_at

    return secret, await run(store, unit)
