"""Passwords: chosen at first login, changed by their owner, reset through a link sent to the address.

Each change records ``PasswordChanged``, which ends every session (JWT) issued before it, and the new
hash goes to the vault after it. Reset tokens are kept only as digests, expire, and work once.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from common.errors import Invalid
from gateway.adapters.passwords import hash_password, verify_password
from gateway.domain import organisations, users
from gateway.domain.password_policy import check_password
from gateway.service_layer.invitations import join
from gateway.service_layer.work import Unit, Units

RESET_LIFETIME = timedelta(minutes=30)
RESET_INTERVAL = timedelta(minutes=1)  # at most one mail a minute to an address, whoever asks
INVALID_RESET = "this reset link is not valid, or no longer"


async def load_user(units: Units, user_id: uuid.UUID) -> users.User:
    async def unit(work: Unit) -> users.User:
        return users.live(await work.load(users.stream(user_id), users.fold))

    return await units(unit)


async def verify(units: Units, user_id: uuid.UUID, password: str) -> bool:
    async def unit(work: Unit) -> str | None:
        return await work.vault.password_hash(user_id)

    return await verify_password(await units(unit), password)


async def choose(units: Units, user_id: uuid.UUID, password: str, reason: str) -> None:
    """The user's new password (policy-checked); a first login's also accepts the invitation that made the account."""
    check_password(password, (await load_user(units, user_id)).email)
    password_hash = await hash_password(password)

    async def unit(work: Unit) -> None:
        user = await work.decide(users.stream(user_id), users.fold, lambda u: users.change_password(u, reason))
        if user.joining is not None:
            await _join_if_still_invited(work, user_id, user.joining.organisation_id, user.joining.invitation_id)
        await work.vault.set_password(user_id, password_hash)
        await work.vault.forget_resets(user_id)

    await units(unit)


async def _join_if_still_invited(
    work: Unit, user_id: uuid.UUID, organisation_id: int, invitation_id: uuid.UUID
) -> None:
    org = await work.load(organisations.stream(organisation_id), organisations.fold)
    if org.exists and not org.deleted and invitation_id in org.pending:
        await join(work, organisation_id, invitation_id, user_id)


async def request_reset(units: Units, email: str, now: datetime) -> tuple[str, str] | None:
    """The account's own address and a token to mail to it, or None (no such account, or a mail went a moment
    ago): the caller answers the same either way. Never the address as asked: another spelling of it may be
    another mailbox."""
    token = secrets.token_urlsafe(32)

    async def unit(work: Unit) -> tuple[str, str] | None:
        user_id = await work.directory.user_by_email(email)
        if user_id is None:
            return None
        await work.lock(f"password-reset:{user_id}")  # racing requests must not each find no recent mail
        last = await work.vault.last_reset_at(user_id)
        if last and last > now - RESET_INTERVAL:
            return None
        user = await work.load(users.stream(user_id), users.fold)
        await work.vault.remember_reset(_digest(token), user_id, now + RESET_LIFETIME)
        return user.email, token

    return await units(unit)


async def reset(units: Units, token: str, password: str) -> str:
    """The token's user gets ``password``; every reset token of theirs is spent. Returns their email."""

    async def owner(work: Unit) -> uuid.UUID | None:
        return await work.vault.reset_user(_digest(token))

    user_id = await units(owner)
    if user_id is None:
        raise Invalid(INVALID_RESET, "token")
    user = await load_user(units, user_id)
    check_password(password, user.email)
    password_hash = await hash_password(password)

    async def unit(work: Unit) -> None:
        if await owner(work) != user_id:  # spent by a concurrent reset, which won
            raise Invalid(INVALID_RESET, "token")
        await work.decide(users.stream(user_id), users.fold, lambda u: users.change_password(u, "reset"))
        await work.vault.set_password(user_id, password_hash)
        await work.vault.forget_resets(user_id)

    await units(unit)
    return user.email


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
