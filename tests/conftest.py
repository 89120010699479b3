"""Test-run wide fixtures: one database and one RabbitMQ vhost per run, so runs never disturb each other."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support import infra


@pytest.fixture(scope="session")
def servers() -> Iterator[infra.Servers]:
    try:
        found = infra.locate_servers()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield found
    for container in found.containers:
        container.stop()


@pytest.fixture(scope="session")
def run_name() -> str:
    return infra.run_name()


@pytest.fixture(scope="session")
async def database_url(servers: infra.Servers, run_name: str) -> AsyncIterator[str]:
    async with infra.own_database(servers, run_name) as url:
        yield url


@pytest.fixture(scope="session")
async def amqp_url(servers: infra.Servers, run_name: str) -> AsyncIterator[str]:
    async with infra.own_vhost(servers, run_name) as url:
        yield url


@pytest.fixture(scope="session")
def management_url(servers: infra.Servers) -> str:
    return servers.management_url


@pytest.fixture(scope="session")
def internal_key() -> str:
    return secrets.token_hex(32)
