"""Sending one delivery: email over SMTP (``common.mail``, aiosmtplib), Slack through its incoming webhook (aiohttp).

A failure says what went wrong without the webhook's URL (a credential): aiohttp's errors name the URL, so only
their type, or Slack's short answer, is kept. SMTP's 5xx answers and Slack's 4xx other than 429 cannot change
on a retry; anything else may.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import aiosmtplib

from alerts.domain import deliveries, slack
from alerts.service_layer.delivery_ports import Delivery, DeliveryLog, SendFailed, Undeliverable
from common.mail import Mailer, UndeliverableMailer

SLACK = "https://hooks.slack.com"
ANSWER_LIMIT = 200


@dataclass(frozen=True)
class Senders:
    mailer: Mailer
    client: aiohttp.ClientSession
    deliveries: DeliveryLog
    public_url: str
    slack_base_url: str = SLACK
    timeout_seconds: float = 10

    async def __call__(self, delivery: Delivery) -> None:
        if delivery.target.alert_type == "email":
            await self.email(delivery)
        else:
            await self.slack(delivery)

    async def email(self, delivery: Delivery) -> None:
        if isinstance(self.mailer, UndeliverableMailer):
            raise Undeliverable("no SMTP host is configured")
        try:
            await self.mailer.send(deliveries.email(delivery.fired, delivery.target.key, self.public_url))
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            refused = (Undeliverable if all(c >= 500 for c in codes) else SendFailed)(f"recipient refused: {exc}")
            raise refused from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise (Undeliverable if exc.code >= 500 else SendFailed)(f"SMTP {exc.code}: {exc.message}") from exc
        except (OSError, aiosmtplib.SMTPException) as exc:
            raise SendFailed(f"SMTP: {type(exc).__name__}: {exc}") from exc

    async def slack(self, delivery: Delivery) -> None:
        fired = delivery.fired
        url = await self.deliveries.webhook(fired.alert_method_id, delivery.target.key)
        if url is None:
            raise Undeliverable("the Slack webhook is no longer one of the method's")
        posted_to = self.slack_base_url.rstrip("/") + url.removeprefix(SLACK)
        timeout = aiohttp.ClientTimeout(total=self.timeout_seconds)
        try:
            async with self.client.post(posted_to, json=slack.message(fired, self.public_url), timeout=timeout) as r:
                answer = (await r.text())[:ANSWER_LIMIT]
                status = r.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendFailed(f"Slack unreachable: {type(exc).__name__}") from None
        if status < 300:
            return
        failure = SendFailed if status == 429 or status >= 500 else Undeliverable
        raise failure(f"Slack answered {status}: {answer}")
