"""Email through an SMTP server that requires STARTTLS and a login, as a real relay does: the settings' host,
port, STARTTLS, CA file and credentials are what gets the message through; a wrong password is dead-lettered."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import aiohttp
import asyncpg
import pytest

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.config import AlertsSettings
from alerts.entrypoints.delivery_worker import senders
from alerts.service_layer.deliveries import deliver_due
from tests.integration.alerts.conftest import raised_in, settings_for
from tests.support.slack import SlackStandIn
from tests.support.smtp import Guarded, Inbox, body_of, self_signed, smtp_server

NOW = datetime(2026, 12, 2, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Guarded:
    certificate, key = self_signed(tmp_path_factory.mktemp("smtp-tls"))
    return Guarded(certificate, key, "alerts@relay", "relay-password-" + uuid.uuid4().hex[:8])


@pytest.fixture(scope="module")
def relay(guarded: Guarded) -> Iterator[Inbox]:
    with smtp_server(guarded) as inbox:
        yield inbox


def _settings(
    database_url: str, amqp_url: str, internal_key: str, relay: Inbox, slack: SlackStandIn, guarded: Guarded,
    password: str,
) -> AlertsSettings:  # fmt: skip
    return settings_for(database_url, amqp_url, internal_key, relay, slack, SWITCHYARD_SMTP_STARTTLS=True,
                        SWITCHYARD_SMTP_CA_FILE=str(guarded.certificate), SWITCHYARD_SMTP_USERNAME=guarded.username,
                        SWITCHYARD_SMTP_PASSWORD=password)  # fmt: skip


async def _deliver(pool: asyncpg.Pool, schema: str, settings: AlertsSettings, client: aiohttp.ClientSession) -> None:
    log = PostgresDeliveryLog(pool, schema)
    assert await deliver_due(log, senders(settings, log, client), settings.delivery_policy(), lambda: NOW) == 1


async def test_an_alert_is_mailed_over_starttls_with_the_relays_credentials(
    pool: asyncpg.Pool, own_schema: str, client: aiohttp.ClientSession, relay: Inbox, guarded: Guarded,
    slack: SlackStandIn, database_url: str, amqp_url: str, internal_key: str,
) -> None:  # fmt: skip
    address = f"tls-{uuid.uuid4().hex[:8]}@example.com"
    raised = await raised_in(pool, own_schema, address, NOW)
    settings = _settings(database_url, amqp_url, internal_key, relay, slack, guarded, guarded.password)
    await _deliver(pool, own_schema, settings, client)
    [message] = relay.to(address)
    assert str(raised.alert_id) in body_of(message)
    row = await pool.fetchrow(f"SELECT status, attempts FROM {own_schema}.deliveries")
    assert tuple(row) == ("sent", 1)


async def test_a_wrong_relay_password_is_dead_lettered_with_the_relays_answer(
    pool: asyncpg.Pool, own_schema: str, client: aiohttp.ClientSession, relay: Inbox, guarded: Guarded,
    slack: SlackStandIn, database_url: str, amqp_url: str, internal_key: str,
) -> None:  # fmt: skip
    address = f"noauth-{uuid.uuid4().hex[:8]}@example.com"
    await raised_in(pool, own_schema, address, NOW)
    settings = _settings(database_url, amqp_url, internal_key, relay, slack, guarded, "not-the-password")
    await _deliver(pool, own_schema, settings, client)
    row = await pool.fetchrow(f"SELECT status, attempts, last_error FROM {own_schema}.deliveries")
    assert (row["status"], row["attempts"]) == ("dead_lettered", 1) and "535" in row["last_error"]
    assert "not-the-password" not in row["last_error"] and relay.to(address) == []
