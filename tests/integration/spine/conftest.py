from __future__ import annotations

from collections.abc import AsyncIterator

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection

from common.bus.publisher import Publisher
from common.bus.topology import declare_exchanges


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
