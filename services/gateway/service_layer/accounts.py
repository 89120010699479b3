"""Use cases around users: registering, passwords, bootstrap superuser, switching context, tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from common.errors import Conflict
from common.eventstore import ConcurrencyError
from gateway.adapters.passwords import generate_password, hash_password
from gateway.adapters.tokens import JwtCodec
from gateway.domain import users
from gateway.domain.events import Event
from gateway.domain.password_policy import check_password
from gateway.service_layer import passwords
from gateway.service_layer.work import Unit, Units, decide_one


@dataclass(frozen=True)
class Registration:
    user_id: uuid.UUID
    created: bool
    password: str | None


async def find_user_id(units: Units, email: str) -> uuid.UUID | None:
    async def unit(work: Unit) -> uuid.UUID | None:
        return await work.directory.user_by_email(email)

    return await units(unit)


async def register_user(
    units: Units,
    email: str,
    password: str | None = None,
    *,
    is_superuser: bool = False,
    is_accounts_user: bool = False,
    is_accounts_admin: bool = False,
) -> Registration:
    """Create a user (with a generated password when none is given); Conflict if the email is taken."""
    password = password or generate_password()
    check_password(password, email, "password")
    password_hash = await hash_password(password)
    user_id = uuid.uuid4()

    def register(user: users.User) -> list[Event]:
        return users.register(
            user,
            user_id,
            email,
            is_superuser=is_superuser,
            is_accounts_user=is_accounts_user,
            is_accounts_admin=is_accounts_admin,
        )

    async def unit(work: Unit) -> None:
        await work.decide(users.stream(user_id), users.fold, register)
        await work.vault.set_password(user_id, password_hash)

    try:
        await units(unit)
    except asyncpg.UniqueViolationError as exc:
        raise Conflict("a user with this email already exists", "email") from exc
    return Registration(user_id, True, password)


async def bootstrap_superuser(units: Units, email: str, password: str | None) -> Registration:
    """Ensure a superuser with this email exists and has this password (a fresh one when none is given).

    An ordinary user's account is never taken over: their password is theirs (docs/decisions/0030).
    """
    password = password or generate_password()
    check_password(password, email, "SWITCHYARD_ADMIN_PASSWORD")
    existing = await find_user_id(units, email)
    if existing is None:
        try:
            return await register_user(units, email, password, is_superuser=True)
        except (Conflict, ConcurrencyError):
            existing = await find_user_id(units, email)
            assert existing is not None
    if not (await passwords.load_user(units, existing)).is_superuser:
        raise Conflict(f"{email} belongs to an ordinary user, whose password bootstrap-admin will not reset")
    await passwords.choose(units, existing, password, "bootstrap")
    return Registration(existing, False, password)


async def switch_context(
    units: Units, user_id: uuid.UUID, managing: int | None, active: int | None, environment: uuid.UUID | None = None
) -> None:
    stream = users.stream(user_id)
    await decide_one(units, stream, users.fold, lambda user: users.switch_context(user, managing, active, environment))


async def issue_token(units: Units, jwt: JwtCodec, user_id: uuid.UUID) -> str:
    async def unit(work: Unit) -> users.User:
        return await work.load(users.stream(user_id), users.fold)

    user = await units(unit)
    claims = {
        "sv": user.session_version,
        "org": user.managing_organisation_id,
        "active_org": user.active_organisation_id,
        "active_env": str(user.active_environment_id) if user.active_environment_id else None,
    }
    return jwt.issue(user_id, claims)
