"""The four skeleton services in-process against the run's database and vhost, and a publisher beside them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aio_pika
import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common.bus.publisher import Publisher
from common.bus.topology import declare_exchanges
from common.http.app import create_app
from tests.integration.skeletons.services import SKELETONS


@pytest.fixture(scope="module")
async def skeletons(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[dict[str, TestServer]]:
    started: dict[str, TestServer] = {}
    for name, skeleton in SKELETONS.items():
        settings = skeleton.settings(DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=internal_key)
        started[name] = TestServer(create_app(skeleton.spec(settings)))
        await started[name].start_server()
    yield started
    for server in started.values():
        await server.close()


@pytest.fixture(scope="module")
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture(scope="module")
async def publisher(amqp_url: str) -> AsyncIterator[Publisher]:
    connection = await aio_pika.connect_robust(amqp_url, client_properties={"connection_name": "skeleton-tests"})
    async with connection.channel() as channel:
        await declare_exchanges(channel)
    created = Publisher("tests")
    await created.open(connection)
    yield created
    await created.close()
    await connection.close()
