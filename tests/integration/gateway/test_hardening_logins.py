"""Issue 8, items 4 to 6: attempts are counted atomically, one spelling of an address is one account, and an
attacker's failures from their address do not lock the owner out of theirs."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from gateway.service_layer import passwords
from gateway.service_layer.accounts import find_user_id, register_user
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.support.api import Api

LIMIT = 3  # SWITCHYARD_LOGIN_FAILURES_PER_ACCOUNT in the gateway fixture
WINDOW = 900  # seconds: SWITCHYARD_LOGIN_WINDOW_SECONDS


@asynccontextmanager
async def calling_from(address: str, gateway: GatewayUnderTest) -> AsyncIterator[Api]:
    """A client whose requests come from another loopback address."""
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        yield Api(session, gateway.api.base_url)


async def login_status(api: Api, email: str, password: str) -> int:
    return (await api.post("/api/login", {"email": email, "password": password})).status


async def test_simultaneous_wrong_passwords_are_counted_before_any_is_checked(gateway: GatewayUnderTest) -> None:
    _, email, _ = await gateway.new_user("stampede")
    statuses = await asyncio.gather(*(login_status(gateway.api, email, "wrong") for _ in range(150)))
    assert sorted(statuses) == [401] * LIMIT + [429] * (150 - LIMIT)


async def test_another_spelling_of_a_locked_account_gets_no_more_guesses(gateway: GatewayUnderTest) -> None:
    tag = uuid.uuid4().hex[:6]
    email, password = f"mini-{tag}@example.com", "the right password 1"
    await register_user(gateway.units, email, password)
    for _ in range(LIMIT):
        assert await login_status(gateway.api, email, "wrong") == 401
    assert await login_status(gateway.api, f"MINI-{tag}@Example.COM", password) == 429
    assert await login_status(gateway.api, f"mİni-{tag}@example.com", password) == 401  # another address entirely


async def test_the_dotted_capital_i_spells_another_account(gateway: GatewayUnderTest) -> None:
    tag = uuid.uuid4().hex[:6]
    first = await register_user(gateway.units, f"mini-{tag}@example.com", "a long enough password")
    second = await register_user(gateway.units, f"mİni-{tag}@example.com", "a long enough password")
    assert first.user_id != second.user_id


async def test_an_attackers_failures_do_not_lock_the_owner_out(gateway: GatewayUnderTest) -> None:
    _, email, _ = await gateway.new_user("owner")
    async with calling_from("127.0.0.2", gateway) as attacker:
        statuses = [await login_status(attacker, email, "guess") for _ in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]
    password = await owner_password(gateway, email)
    assert await login_status(gateway.api, email, password) == 200


async def owner_password(gateway: GatewayUnderTest, email: str) -> str:
    """``new_user`` keeps no password, so give the owner one we know."""
    user_id = await find_user_id(gateway.units, email)
    assert user_id is not None
    await passwords.choose(gateway.units, user_id, "the owner's own password", "changed")
    return "the owner's own password"


async def test_a_lock_that_trips_again_lasts_twice_as_long(gateway: GatewayUnderTest) -> None:
    _, email, _ = await gateway.new_user("backoff")
    async with calling_from("127.0.0.3", gateway) as attacker:
        for _ in range(LIMIT):
            await login_status(attacker, email, "guess")
        await age_throttle(gateway, email, windows=1.5)  # the first lock (one window) is over
        assert [await login_status(attacker, email, "guess") for _ in range(LIMIT + 1)] == [401] * LIMIT + [429]
        await age_throttle(gateway, email, windows=1.5)  # the second lock lasts two windows
        assert await login_status(attacker, email, "guess") == 429


async def age_throttle(gateway: GatewayUnderTest, email: str, windows: float) -> None:
    seconds = windows * WINDOW
    await gateway.pool.execute(
        "UPDATE gateway.login_failures SET window_start = window_start - make_interval(secs => $2)"
        " WHERE key LIKE 'pair:%' AND key LIKE '%' || $1 || '%'",
        email,
        seconds,
    )
