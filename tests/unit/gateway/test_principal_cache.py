"""The principal cache: hits skip the database; a drop empties it; a lookup overtaken by a drop stores nothing."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from common.http.principal import Principal
from gateway.adapters.read_cache import ReadCache
from gateway.adapters.tokens import InvalidToken, JwtCodec

KEY = ("k1", b"s" * 40)


class Directory:
    """Principals as the database would give them, counting reads."""

    def __init__(self) -> None:
        self.roles: dict[uuid.UUID, str] = {}
        self.reads = 0
        self.release = asyncio.Event()
        self.release.set()

    async def load(self, user_id: uuid.UUID) -> Principal | None:
        self.reads += 1
        role = self.roles.get(user_id)
        await self.release.wait()
        return Principal(kind="user", user_id=user_id, managing_role=role) if role else None  # type: ignore[arg-type]


async def test_a_cached_principal_is_read_once_until_the_cache_is_dropped() -> None:
    cache, directory, user = ReadCache(), Directory(), uuid.uuid4()
    directory.roles[user] = "admin"
    assert (await cache.get(user, lambda: directory.load(user))).managing_role == "admin"  # type: ignore[union-attr]
    await cache.get(user, lambda: directory.load(user))
    assert directory.reads == 1
    directory.roles[user] = "monitor"
    cache.invalidate()
    assert (await cache.get(user, lambda: directory.load(user))).managing_role == "monitor"  # type: ignore[union-attr]


async def test_a_lookup_that_started_before_a_drop_does_not_store_what_it_read() -> None:
    cache, directory, user = ReadCache(), Directory(), uuid.uuid4()
    directory.roles[user] = "admin"
    directory.release.clear()
    slow = asyncio.create_task(cache.get(user, lambda: directory.load(user)))
    await asyncio.sleep(0)  # the lookup has read "admin" and waits
    directory.roles[user] = "monitor"
    cache.invalidate()  # the change commits while the lookup is in flight
    directory.release.set()
    assert (await slow).managing_role == "admin"  # type: ignore[union-attr]
    assert (await cache.get(user, lambda: directory.load(user))).managing_role == "monitor"  # type: ignore[union-attr]


async def test_the_cache_never_holds_more_than_its_bound() -> None:
    cache, directory = ReadCache(max_entries=3), Directory()
    for _ in range(10):
        user = uuid.uuid4()
        directory.roles[user] = "operator"
        await cache.get(user, lambda u=user: directory.load(u))  # type: ignore[misc]
    assert len(cache._entries) <= 3


def test_a_remembered_token_is_still_refused_once_it_expires() -> None:
    codec = JwtCodec([KEY], "switchyard", 10)
    token = codec.issue(uuid.uuid4(), now=time.time() - 8.5)  # expires within about a second
    expires = codec.verify(token)["exp"]
    assert token in codec.verified
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    with pytest.raises(InvalidToken):
        codec.verify(token)


def test_a_forged_token_is_never_remembered() -> None:
    codec = JwtCodec([KEY], "switchyard", 60)
    forged = JwtCodec([("k1", b"x" * 40)], "switchyard", 60).issue(uuid.uuid4())
    with pytest.raises(InvalidToken):
        codec.verify(forged)
    assert codec.verified == {}
