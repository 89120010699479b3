"""Hand-written in-memory stand-ins for the gateway's ports, and units of work that run on them: a unit that
fails leaves the fakes as they were."""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from common.eventstore import InMemoryEventStore
from common.unit_of_work import MemoryRunner, Work
from gateway.service_layer.work import TypedWork, Unit
from tests.unit.gateway.fake_directory import MemoryDirectory

T = TypeVar("T")


@dataclass
class MemoryVault:
    passwords: dict[uuid.UUID, str] = field(default_factory=dict)
    token_secrets: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    invitation_tokens: dict[str, uuid.UUID] = field(default_factory=dict)
    invitation_codes: dict[uuid.UUID, str] = field(default_factory=dict)
    resets: dict[str, tuple[uuid.UUID, datetime, datetime]] = field(default_factory=dict)

    async def set_password(self, user_id: uuid.UUID, password_hash: str) -> None:
        self.passwords[user_id] = password_hash

    async def forget_password(self, user_id: uuid.UUID) -> None:
        self.passwords.pop(user_id, None)

    async def set_token_secret(self, organisation_id: int, secret: str, rotated_at: datetime) -> None:
        self.token_secrets[organisation_id] = (secret, rotated_at)

    async def forget_token_secret(self, organisation_id: int) -> None:
        self.token_secrets.pop(organisation_id, None)

    async def remember_invitation_token(self, invitation_id: uuid.UUID, token: str) -> None:
        self.invitation_tokens[token] = invitation_id

    async def forget_invitation_tokens(self, invitation_ids: list[uuid.UUID]) -> None:
        self.invitation_tokens = {t: i for t, i in self.invitation_tokens.items() if i not in invitation_ids}

    async def invitation_for_token(self, token: str) -> uuid.UUID | None:
        return self.invitation_tokens.get(token)

    async def password_hash(self, user_id: uuid.UUID) -> str | None:
        return self.passwords.get(user_id)

    async def set_invitation_code(self, invitation_id: uuid.UUID, code_hash: str) -> None:
        self.invitation_codes[invitation_id] = code_hash

    async def invitation_code(self, invitation_id: uuid.UUID) -> str | None:
        return self.invitation_codes.get(invitation_id)

    async def forget_invitation_code(self, invitation_id: uuid.UUID) -> None:
        self.invitation_codes.pop(invitation_id, None)

    async def remember_reset(self, digest: str, user_id: uuid.UUID, expires_at: datetime) -> None:
        self.resets[digest] = (user_id, expires_at, datetime.now(UTC))

    async def reset_user(self, digest: str) -> uuid.UUID | None:
        user_id, expires_at, _ = self.resets.get(digest, (None, datetime.min.replace(tzinfo=UTC), None))
        return user_id if expires_at > datetime.now(UTC) else None

    async def last_reset_at(self, user_id: uuid.UUID) -> datetime | None:
        return max((made for who, _, made in self.resets.values() if who == user_id), default=None)

    async def forget_resets(self, user_id: uuid.UUID) -> None:
        self.resets = {d: r for d, r in self.resets.items() if r[0] != user_id}


class MemoryUnits:
    """``Units`` on the in-memory event store and the fakes above."""

    def __init__(self) -> None:
        self.store = InMemoryEventStore()
        self.directory, self.vault = MemoryDirectory(), MemoryVault()
        self.organisation_ids = itertools.count(1000)
        self.runner = MemoryRunner(self.store)

    async def __call__(self, unit: Callable[[Unit], Awaitable[T]]) -> T:
        async def typed(work: Work) -> T:
            kept = copy.deepcopy((self.directory, self.vault))
            try:
                return await unit(TypedWork(work, self.directory, self.vault, _no_lock, self.directory.apply))
            except BaseException:
                self.directory, self.vault = kept
                raise

        return await self.runner(typed)

    async def allocate_organisation_id(self) -> int:
        return next(self.organisation_ids)


async def _no_lock(key: str) -> None:
    """One event loop, and units interleave only at their awaits: the in-memory store's conflicts suffice."""
