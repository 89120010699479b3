"""Behind a reverse proxy the throttles key on the client the proxy names, and nobody else can name one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_network

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common.http.app import create_app
from gateway.bootstrap import spec
from gateway.config import GatewaySettings
from tests.integration.gateway.conftest import GatewayUnderTest
from tests.integration.gateway.test_hardening_logins import LIMIT, calling_from, owner_password
from tests.support.api import Api

PROXY = "127.0.0.1"


@pytest.fixture
async def behind_proxy(gateway: GatewayUnderTest, gateway_settings: GatewaySettings) -> AsyncIterator[Api]:
    """A second gateway replica that trusts the proxy at 127.0.0.1 (the first, ``gateway``, trusts none)."""
    settings = gateway_settings.model_copy(update={"trusted_proxies": [ip_network(f"{PROXY}/32")]})
    server = TestServer(create_app(spec(settings)), host=PROXY)
    await server.start_server()
    connector = aiohttp.TCPConnector(local_addr=(PROXY, 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        yield Api(session, str(server.make_url("")).rstrip("/"))
    await server.close()


async def login_from(api: Api, forwarded_for: str, email: str, password: str) -> int:
    body, headers = {"email": email, "password": password}, {"X-Forwarded-For": forwarded_for}
    return (await api.post("/api/login", body, headers=headers)).status


async def test_an_attacker_behind_the_proxy_does_not_lock_out_the_owner_behind_it(
    gateway: GatewayUnderTest, behind_proxy: Api
) -> None:
    _, email, _ = await gateway.new_user("proxied")
    attacker = "203.0.113.9, 10.1.2.3"  # a client, then a proxy of its own that we do not trust
    statuses = [await login_from(behind_proxy, attacker, email, "guess") for _ in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]
    password = await owner_password(gateway, email)
    assert await login_from(behind_proxy, "198.51.100.4", email, password) == 200


async def test_a_header_from_anyone_else_names_no_client(gateway: GatewayUnderTest, behind_proxy: Api) -> None:
    """Sent straight to a gateway that trusts no proxy, or from a peer that is not the proxy, the header is
    ignored: a fresh forged address per guess gets no fresh guesses."""
    _, email, _ = await gateway.new_user("spoofer")
    async with calling_from("127.0.0.4", gateway) as direct:
        statuses = [await login_from(direct, f"192.0.2.{i}", email, "guess") for i in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]

    _, email, _ = await gateway.new_user("spoofer")
    base_url = behind_proxy.base_url
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.5", 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        not_the_proxy = Api(session, base_url)
        statuses = [await login_from(not_the_proxy, f"192.0.2.{i}", email, "guess") for i in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]
