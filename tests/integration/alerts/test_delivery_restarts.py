"""A worker that dies mid-delivery never causes a second send: its restart finds the intent it recorded.

Each test has a schema of its own (``own_schema``), so the service's own worker takes no part.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg
import pytest

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.config import AlertsSettings
from alerts.domain.deliveries import INTERRUPTED
from alerts.entrypoints.delivery_worker import senders
from alerts.service_layer.deliveries import Policy, deliver_due
from alerts.service_layer.delivery_ports import Delivery, SendFailed
from tests.integration.alerts.conftest import raised_in, settings_for
from tests.support.slack import SlackStandIn
from tests.support.smtp import Inbox
from tests.support.waiting import eventually

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class Crash(BaseException):
    """The worker's process dies here."""


async def _row(pool: asyncpg.Pool, schema: str) -> Any:
    return await pool.fetchrow(f"SELECT status, attempts, last_error FROM {schema}.deliveries")


@pytest.fixture
async def settings(database_url: str, amqp_url: str, internal_key: str, mailbox: Inbox,
                   slack: SlackStandIn) -> AlertsSettings:  # fmt: skip
    return settings_for(database_url, amqp_url, internal_key, mailbox, slack)


async def test_a_worker_dying_between_send_and_record_is_not_followed_by_a_second_send(
    pool: asyncpg.Pool, own_schema: str, settings: AlertsSettings, client: aiohttp.ClientSession, mailbox: Inbox
) -> None:
    schema = own_schema
    address = f"crash-{uuid.uuid4().hex[:8]}@example.com"
    await raised_in(pool, schema, address, T0)
    policy = settings.delivery_policy()
    first = PostgresDeliveryLog(pool, schema)
    send = senders(settings, first, client)

    async def send_then_die(delivery: Delivery) -> None:
        await send(delivery)
        raise Crash

    with pytest.raises(Crash):
        await deliver_due(first, send_then_die, policy, lambda: T0)
    assert tuple(await _row(pool, schema)) == ("sending", 1, None)

    restarted = PostgresDeliveryLog(pool, schema)
    again = senders(settings, restarted, client)
    assert await deliver_due(restarted, again, policy, lambda: T0 + timedelta(seconds=1)) == 0
    after_lease = T0 + timedelta(seconds=policy.lease_seconds + 1)
    assert await deliver_due(restarted, again, policy, lambda: after_lease) == 0
    assert tuple(await _row(pool, schema)) == ("dead_lettered", 1, INTERRUPTED)
    assert len(mailbox.to(address)) == 1


async def test_a_worker_dying_while_waiting_to_retry_is_resumed_by_its_restart(
    pool: asyncpg.Pool, own_schema: str, settings: AlertsSettings, client: aiohttp.ClientSession, mailbox: Inbox
) -> None:
    schema = own_schema
    address = f"resume-{uuid.uuid4().hex[:8]}@example.com"
    await raised_in(pool, schema, address, T0)
    waits_long = Policy(attempts=3, first_wait_seconds=3600, max_wait_seconds=3600, lease_seconds=60)
    first = PostgresDeliveryLog(pool, schema)

    async def refused(_: Delivery) -> None:
        raise SendFailed("SMTP 451: try later")

    dying = asyncio.create_task(deliver_due(first, refused, waits_long, lambda: datetime.now(UTC)))

    async def waiting_to_retry() -> None:
        assert tuple(await _row(pool, schema)) == ("retrying", 1, "SMTP 451: try later")

    await eventually(waiting_to_retry)
    dying.cancel()  # the process dies during the back-off
    await asyncio.gather(dying, return_exceptions=True)

    restarted = PostgresDeliveryLog(pool, schema)
    later = datetime.now(UTC) + timedelta(hours=3)
    assert await deliver_due(restarted, senders(settings, restarted, client), waits_long, lambda: later) == 1
    assert tuple(await _row(pool, schema)) == ("sent", 2, None)
    assert len(mailbox.to(address)) == 1
