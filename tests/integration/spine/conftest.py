from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from aiohttp.test_utils import TestClient, TestServer

from common.bus.publisher import Publisher
from common.bus.topology import declare_exchanges
from common.http.app import create_app
from common.settings import ServiceSettings
from tests.support.demo.service import demo_spec


@pytest.fixture(scope="session")
async def amqp(amqp_url: str) -> AsyncIterator[AbstractRobustConnection]:
    connection = await aio_pika.connect_robust(amqp_url, client_properties={"connection_name": "spine-tests"})
    async with connection.channel() as channel:
        await declare_exchanges(channel)
    yield connection
    await connection.close()


@pytest.fixture
async def publisher(amqp: AbstractRobustConnection) -> AsyncIterator[Publisher]:
    created = Publisher("spine-tests")
    await created.open(amqp)
    yield created
    await created.close()


@pytest.fixture(scope="module")
async def demo(database_url: str, amqp_url: str, internal_key: str) -> AsyncIterator[TestClient]:
    """The demo service in-process, on a schema of its own, taking bodies up to 4 KiB."""
    settings = ServiceSettings(
        DATABASE_URL=database_url,
        AMQP_URL=amqp_url,
        SWITCHYARD_INTERNAL_KEY=internal_key,
        SWITCHYARD_MAX_BODY_BYTES=4096,
    )
    app = create_app(demo_spec(settings, f"demo_{uuid.uuid4().hex[:8]}"))
    async with TestClient(TestServer(app)) as client:
        yield client
