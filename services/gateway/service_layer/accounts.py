"""Use cases around users: registering, passwords, bootstrap superuser, switching context, tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from common.commands import execute
from common.errors import Conflict
from common.eventstore import ConcurrencyError, PostgresEventStore
from common.projections import apply_all
from gateway.adapters.passwords import generate_password, hash_password
from gateway.adapters.projections import PROJECTIONS
from gateway.adapters.tokens import JwtCodec
from gateway.domain import users


@dataclass(frozen=True)
class Registration:
    user_id: uuid.UUID
    created: bool
    password: str | None


async def find_user_id(store: PostgresEventStore, email: str) -> uuid.UUID | None:
    value = await store.pool.fetchval(
        f"SELECT id FROM {store.schema}.users WHERE lower(email) = lower($1) AND deleted_at IS NULL", email
    )
    return value if isinstance(value, uuid.UUID) else None


async def register_user(
    store: PostgresEventStore,
    email: str,
    password: str | None = None,
    *,
    is_superuser: bool = False,
    is_accounts_user: bool = False,
    is_accounts_admin: bool = False,
) -> Registration:
    """Create a user (with a generated password when none is given); Conflict if the email is taken."""
    password = password or generate_password()
    password_hash = await hash_password(password)
    user_id = uuid.uuid4()
    try:
        async with store.transaction() as tx:
            recorded = await tx.append(
                users.stream(user_id),
                0,
                users.register(
                    users.User(),
                    user_id,
                    email,
                    is_superuser=is_superuser,
                    is_accounts_user=is_accounts_user,
                    is_accounts_admin=is_accounts_admin,
                ),
            )
            await apply_all(tx.conn, store.schema, PROJECTIONS, recorded)
            await tx.conn.execute(
                f"INSERT INTO {store.schema}.user_credentials (user_id, password_hash) VALUES ($1, $2)",
                user_id,
                password_hash,
            )
    except asyncpg.UniqueViolationError as exc:
        raise Conflict("a user with this email already exists", "email") from exc
    return Registration(user_id, True, password)


async def set_password(store: PostgresEventStore, user_id: uuid.UUID, password: str) -> None:
    await store.pool.execute(
        f"""INSERT INTO {store.schema}.user_credentials (user_id, password_hash) VALUES ($1, $2)
            ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = now()""",
        user_id,
        await hash_password(password),
    )


async def bootstrap_superuser(store: PostgresEventStore, email: str, password: str | None) -> Registration:
    """Ensure a superuser with this email exists and has this password (a fresh one when none is given)."""
    password = password or generate_password()
    existing = await find_user_id(store, email)
    if existing is None:
        try:
            return await register_user(store, email, password, is_superuser=True)
        except (Conflict, ConcurrencyError):
            existing = await find_user_id(store, email)
            assert existing is not None
    await set_password(store, existing, password)
    return Registration(existing, False, password)


async def switch_context(
    store: PostgresEventStore,
    user_id: uuid.UUID,
    managing: int | None,
    active: int | None,
    environment: uuid.UUID | None = None,
) -> None:
    await execute(
        store,
        PROJECTIONS,
        users.stream(user_id),
        users.fold,
        lambda user: users.switch_context(user, managing, active, environment),
    )


async def issue_token(store: PostgresEventStore, jwt: JwtCodec, user_id: uuid.UUID) -> str:
    row = await store.pool.fetchrow(
        f"""SELECT managing_organisation_id, active_organisation_id, active_environment_id
            FROM {store.schema}.users WHERE id = $1""",
        user_id,
    )
    claims = {
        "org": row["managing_organisation_id"],
        "active_org": row["active_organisation_id"],
        "active_env": str(row["active_environment_id"]) if row["active_environment_id"] else None,
    }
    return jwt.issue(user_id, claims)
