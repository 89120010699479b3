"""The alerts service's delivery loop: sending raised and cleared alerts (decision 66), woken as soon as a unit
that appended commits (else at each poll)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import aiohttp

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.adapters.senders import Senders
from alerts.config import SCHEMA, AlertsSettings
from alerts.service_layer import deliveries
from common.http.app import Runtime
from common.mail import mailer_for


def now() -> datetime:
    return datetime.now(UTC)


def senders(settings: AlertsSettings, log: PostgresDeliveryLog, client: aiohttp.ClientSession) -> Senders:
    mail = settings.mail_settings().model_copy(update={"timeout_seconds": settings.delivery_timeout_seconds})
    return Senders(mailer_for(mail), client, log, settings.public_url, settings.slack_base_url,
                   settings.delivery_timeout_seconds)  # fmt: skip


async def deliver_forever(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, AlertsSettings)
    log, woken = PostgresDeliveryLog(runtime.pool, SCHEMA), asyncio.Event()
    # deliveries are planned in the unit of the raise or clear they send, which appends: its commit wakes the loop
    runtime.store.on_commit(woken.set)
    async with aiohttp.ClientSession() as client:
        await deliveries.deliver_forever(log, senders(settings, log, client), settings.delivery_policy(), now,
                                         settings.delivery_poll_seconds, woken)  # fmt: skip
