"""What deliveries need from the world: the delivery log (Postgres in ``alerts.adapters.delivery_log``), a way to
send one delivery (``alerts.adapters.senders``), and the muting of alerts that Slack's "Mute for 1 h" asks for.

``AlertMuting`` is implemented by the alert use cases (muting an alert for a while); the bootstrap is given one.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from alerts.contract.schemas import AlertType
from alerts.domain.deliveries import AlertFired, Status, Target

Clock = Callable[[], datetime]


class SendFailed(Exception):
    """This try failed and another may succeed (a refused connection, a 4xx SMTP answer, Slack's 5xx or 429)."""


class Undeliverable(Exception):
    """No try can succeed (no SMTP host, a 5xx SMTP answer, a webhook Slack says is gone): dead-letter now."""


@dataclass(frozen=True)
class MethodTargets:
    alert_type: AlertType
    addresses: tuple[str, ...]
    webhooks: tuple[str, ...]


@dataclass(frozen=True)
class Delivery:
    id: uuid.UUID
    fired: AlertFired
    target: Target
    attempts: int


Send = Callable[[Delivery], Awaitable[None]]


class DeliveryLog(Protocol):
    async def method(self, method_id: uuid.UUID) -> MethodTargets | None: ...

    async def record(
        self, fired: AlertFired, targets: Sequence[Target], status: Status, reason: str | None, now: datetime
    ) -> int:
        """One row per target, unless that (raise, repeat, state, target) has one already; answers how many are new."""

    async def claim(self, now: datetime, lease_seconds: float, max_attempts: int) -> Delivery | None:
        """A due delivery, its next attempt recorded as begun (``sending``) before anything is sent."""

    async def resume(self, delivery_id: uuid.UUID, now: datetime, lease_seconds: float) -> bool:
        """The next attempt of a delivery this worker holds, recorded as begun; False if it was taken over."""

    async def failed(self, delivery_id: uuid.UUID, error: str, now: datetime, lease_seconds: float) -> None: ...

    async def sent(self, delivery_id: uuid.UUID, now: datetime) -> None: ...

    async def dead_letter(self, delivery_id: uuid.UUID, reason: str, now: datetime) -> None: ...

    async def sweep_interrupted(self, now: datetime) -> int:
        """Attempts begun whose worker's lease ran out: dead-lettered, never sent again."""

    async def webhook(self, method_id: uuid.UUID, key: str) -> str | None: ...

    async def slack_raise(self, alert_id: uuid.UUID, raise_id: uuid.UUID) -> int | None:
        """The organisation owning an alert whose raise was sent to Slack, if it was."""


class AlertMuting(Protocol):
    async def mute_for(self, alert_id: uuid.UUID, organisation_id: int, until: datetime) -> None:
        """Mute the alert until ``until`` (no deliveries, evaluation goes on); an unknown alert is ignored."""
