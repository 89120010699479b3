"""Test-run wide fixtures: one database and one RabbitMQ vhost per run, so runs never disturb each other."""

from __future__ import annotations

import os
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
    url = await infra.create_database(servers.database_url, run_name)
    yield url
    if not os.environ.get("SWITCHYARD_KEEP_TEST_DATABASE"):
        await infra.drop_database(servers.database_url, run_name)


@pytest.fixture(scope="session")
async def amqp_url(servers: infra.Servers, run_name: str) -> AsyncIterator[str]:
    url = await infra.create_vhost(servers.management_url, servers.amqp_url, run_name)
    yield url
    await infra.delete_vhost(servers.management_url, run_name)


@pytest.fixture(scope="session")
def management_url(servers: infra.Servers) -> str:
    return servers.management_url


@pytest.fixture(scope="session")
def internal_key() -> str:
    return secrets.token_hex(32)
