"""Delivering raised and cleared alerts through their method (decision 66).

``plan`` records the deliveries an ``AlertFired`` needs, in the caller's transaction (the consumer's, with its
inbox record): a (raise, repeat, state, target) gets one row, ever. Workers then ``claim`` rows, each attempt recorded
as begun before it is sent and outside any transaction (decision 27), retry with back-off, and record what
came of it. An attempt whose outcome was never recorded is not tried again: at most one send per row.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from alerts.domain.deliveries import MUTED, AlertFired, Target, targets
from alerts.service_layer.delivery_ports import Clock, Delivery, DeliveryLog, Send, SendFailed, Undeliverable
from common.logging import get_logger
from common.metrics import ALERT_DELIVERIES

log = get_logger(__name__)
NO_METHOD = Target("email", "-", "-")


@dataclass(frozen=True)
class Policy:
    attempts: int = 5
    first_wait_seconds: float = 1.0
    max_wait_seconds: float = 60.0
    lease_seconds: float = 60.0
    capacity: int = 16


async def plan(deliveries: DeliveryLog, fired: AlertFired, now: datetime) -> int:
    """Records what ``fired`` must send (or, muted, that it sent nothing); a second call records nothing."""
    method = await deliveries.method(fired.alert_method_id)
    if method is None:
        return await deliveries.record(fired, [NO_METHOD], "dead_lettered", "the alert method no longer exists", now)
    planned = targets(method.alert_type, method.addresses, method.webhooks)
    if fired.muted:
        return await deliveries.record(fired, planned, "skipped", MUTED, now)
    return await deliveries.record(fired, planned, "pending", None, now)


async def deliver_due(deliveries: DeliveryLog, send: Send, policy: Policy, clock: Clock) -> int:
    """Delivers every delivery due now, up to the policy's capacity at once; answers how many it took."""
    claimed = await _claim(deliveries, policy, clock, policy.capacity)
    await asyncio.gather(*(deliver(deliveries, send, d, policy, clock) for d in claimed))
    return len(claimed)


async def deliver_forever(deliveries: DeliveryLog, send: Send, policy: Policy, clock: Clock, poll: float,
                          woken: asyncio.Event | None = None) -> None:  # fmt: skip
    """The worker: claims while it has room, each delivery retrying in a task of its own. Stopped, it stops them:
    one stopped mid-send is swept as interrupted, one stopped in its back-off is resumed by the next worker.
    ``woken`` (set when a unit that may have planned deliveries commits) cuts the wait for the next poll short."""
    running: set[asyncio.Task[None]] = set()
    try:
        while True:
            try:
                for delivery in await _claim(deliveries, policy, clock, policy.capacity - len(running)):
                    task = asyncio.create_task(_deliver_logging(deliveries, send, delivery, policy, clock))
                    running.add(task)
                    task.add_done_callback(running.discard)
            except Exception as exc:  # noqa: BLE001 (a failed claim is tried again at the next poll)
                log.warning("delivery_claim_failed", error=repr(exc))
            await _until_woken(woken, poll)
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


async def _until_woken(woken: asyncio.Event | None, poll: float) -> None:
    if woken is None:
        await asyncio.sleep(poll)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(woken.wait(), poll)
    woken.clear()


async def _claim(deliveries: DeliveryLog, policy: Policy, clock: Clock, room: int) -> list[Delivery]:
    """Interrupted attempts swept first, then up to ``room`` due deliveries, each claimed in its own statement."""
    await deliveries.sweep_interrupted(clock())
    claimed: list[Delivery] = []
    while len(claimed) < room and (delivery := await deliveries.claim(clock(), policy.lease_seconds,
                                                                      policy.attempts)):  # fmt: skip
        claimed.append(delivery)
    return claimed


async def _deliver_logging(deliveries: DeliveryLog, send: Send, delivery: Delivery, policy: Policy,
                           clock: Clock) -> None:  # fmt: skip
    """A record that could not be written leaves the row to the sweep (sent or not, never sent again)."""
    try:
        await deliver(deliveries, send, delivery, policy, clock)
    except Exception as exc:  # noqa: BLE001 (the task has nobody to raise to)
        log.warning("alert_delivery_not_recorded", delivery_id=str(delivery.id), error=type(exc).__name__)


async def deliver(deliveries: DeliveryLog, send: Send, delivery: Delivery, policy: Policy, clock: Clock) -> None:
    tries = max(1, policy.attempts - delivery.attempts + 1)
    retrying = AsyncRetrying(
        stop=stop_after_attempt(tries),
        wait=wait_exponential(multiplier=policy.first_wait_seconds, max=policy.max_wait_seconds),
        retry=retry_if_exception_type(SendFailed),
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                number = attempt.retry_state.attempt_number
                if number > 1 and not await deliveries.resume(delivery.id, clock(), policy.lease_seconds):
                    return
                try:
                    await send(delivery)
                except SendFailed as exc:
                    if number < tries:
                        held = policy.lease_seconds + policy.max_wait_seconds
                        await deliveries.failed(delivery.id, str(exc), clock(), held)
                    raise
    except SendFailed as exc:
        await _give_up(deliveries, delivery, f"gave up after {policy.attempts} attempts; last: {exc}", clock())
    except Undeliverable as exc:
        await _give_up(deliveries, delivery, str(exc), clock())
    else:
        await deliveries.sent(delivery.id, clock())
        _done(delivery, "sent")


async def _give_up(deliveries: DeliveryLog, delivery: Delivery, reason: str, now: datetime) -> None:
    await deliveries.dead_letter(delivery.id, reason, now)
    _done(delivery, "dead_lettered")


def _done(delivery: Delivery, outcome: str) -> None:
    """Logged without the target or the reason, which may name an address: the delivery log holds those."""
    ALERT_DELIVERIES.labels(delivery.target.alert_type, outcome).inc()
    log.info("alert_delivery_" + outcome, delivery_id=str(delivery.id), alert_id=str(delivery.fired.alert_id),
             alert_type=delivery.target.alert_type, state=delivery.fired.state)  # fmt: skip
