"""Deliveries without I/O: what a message says, where a method sends, and how tries are retried and recorded."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from alerts.domain import deliveries, slack
from alerts.domain.addresses import shown
from alerts.service_layer.deliveries import Policy, deliver, deliver_forever, plan
from alerts.service_layer.delivery_ports import Delivery, MethodTargets, SendFailed, Undeliverable
from tests.support.alert_fired import cleared, fired

HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/" + "s3cr3t" * 4
NOW = datetime(2026, 12, 2, 10, tzinfo=UTC)


class MemoryLog:
    """The part of ``DeliveryLog`` one delivery touches, and ``record`` for ``plan``."""

    def __init__(self, method: MethodTargets | None = None, taken_over_after: int | None = None) -> None:
        self.outcomes: list[tuple[str, Any]] = []
        self.recorded: list[tuple[str, str, str | None]] = []
        self._method, self.taken_over_after, self.resumed = method, taken_over_after, 0

    async def method(self, _: uuid.UUID) -> MethodTargets | None:
        return self._method

    async def record(self, fired: Any, targets: Any, status: str, reason: str | None, now: datetime) -> int:
        self.recorded += [(t.shown, status, reason) for t in targets]
        return len(targets)

    async def resume(self, delivery_id: uuid.UUID, now: datetime, lease_seconds: float) -> bool:
        self.resumed += 1
        return self.taken_over_after is None or self.resumed < self.taken_over_after

    async def failed(self, delivery_id: uuid.UUID, error: str, now: datetime, lease_seconds: float) -> None:
        self.outcomes.append(("retrying", error))

    async def sent(self, delivery_id: uuid.UUID, now: datetime) -> None:
        self.outcomes.append(("sent", None))

    async def dead_letter(self, delivery_id: uuid.UUID, reason: str, now: datetime) -> None:
        self.outcomes.append(("dead_lettered", reason))


def _delivery(attempts: int = 1) -> Delivery:
    raised = fired(uuid.uuid4(), 1)
    return Delivery(uuid.uuid4(), raised, deliveries.Target("email", "a@example.com", "a@example.com"), attempts)


def _failing(times: int, error: type[Exception] = SendFailed) -> Any:
    calls: list[int] = []

    async def send(_: Delivery) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise error(f"failure {len(calls)}")

    send.calls = calls  # type: ignore[attr-defined]
    return send


FAST = Policy(attempts=3, first_wait_seconds=0, max_wait_seconds=0)


async def test_a_failed_try_is_retried_and_recorded_until_one_succeeds() -> None:
    log, send = MemoryLog(), _failing(2)
    await deliver(log, send, _delivery(), FAST, lambda: NOW)  # type: ignore[arg-type]
    assert log.outcomes == [("retrying", "failure 1"), ("retrying", "failure 2"), ("sent", None)]
    assert len(send.calls) == 3 and log.resumed == 2


async def test_the_last_failure_dead_letters_with_the_reason() -> None:
    log, send = MemoryLog(), _failing(5)
    await deliver(log, send, _delivery(), FAST, lambda: NOW)  # type: ignore[arg-type]
    assert log.outcomes[-1] == ("dead_lettered", "gave up after 3 attempts; last: failure 3")
    assert len(send.calls) == 3


async def test_a_resumed_delivery_has_only_its_remaining_tries() -> None:
    log, send = MemoryLog(), _failing(5)
    await deliver(log, send, _delivery(attempts=3), FAST, lambda: NOW)  # type: ignore[arg-type]
    assert len(send.calls) == 1 and log.outcomes == [("dead_lettered", "gave up after 3 attempts; last: failure 1")]


async def test_an_undeliverable_one_is_not_retried() -> None:
    log, send = MemoryLog(), _failing(5, Undeliverable)
    await deliver(log, send, _delivery(), FAST, lambda: NOW)  # type: ignore[arg-type]
    assert len(send.calls) == 1 and log.outcomes == [("dead_lettered", "failure 1")]


async def test_a_delivery_taken_over_between_tries_is_left_to_its_new_worker() -> None:
    log, send = MemoryLog(taken_over_after=1), _failing(5)
    await deliver(log, send, _delivery(), FAST, lambda: NOW)  # type: ignore[arg-type]
    assert len(send.calls) == 1 and log.outcomes == [("retrying", "failure 1")]


@pytest.mark.parametrize(
    ("muted", "status", "reason"), [(False, "pending", None), (True, "skipped", "the alert is muted")]
)
async def test_plan_records_one_delivery_per_target_or_skips_them_when_muted(
    muted: bool, status: str, reason: str | None
) -> None:
    log = MemoryLog(MethodTargets("slack", (shown("slack", HOOK),), (HOOK,)))
    await plan(log, fired(uuid.uuid4(), 1, muted=muted), NOW)  # type: ignore[arg-type]
    assert log.recorded == [("https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/********", status, reason)]


async def test_plan_dead_letters_a_raise_whose_method_is_gone() -> None:
    log = MemoryLog(None)
    await plan(log, fired(uuid.uuid4(), 1), NOW)  # type: ignore[arg-type]
    assert log.recorded == [("-", "dead_lettered", "the alert method no longer exists")]


@pytest.mark.parametrize(
    ("param", "values", "said"),
    [("gt", [5], "above 5"), ("lt", [1000], "below 1000"), ("outside_range", [1, 2.5], "outside 1–2.5"),
     ("within_range", [10, 20], "within 10–20"), ("no_value", [], "without a value")],
)  # fmt: skip
def test_the_threshold_reads_as_the_operator_says(param: str, values: list[float], said: str) -> None:
    assert deliveries.threshold(fired(uuid.uuid4(), 1, query_param=param, query_value=values)) == said


def test_an_email_says_what_where_how_much_and_links_back() -> None:
    raised = fired(uuid.uuid4(), 1, value=None)
    mail = deliveries.email(raised, "noc@example.com", "https://sy.example/")
    assert mail.subject == "[Switchyard] RAISED: Studio feed starving (input studio-feed)"
    for said in ("below 1000", f"input studio-feed on environment {raised.environment_id}", "Value:     no value",
                 f"https://sy.example/alerts/{raised.alert_id}"):  # fmt: skip
        assert said in mail.text
    again = deliveries.email(raised, "noc@example.com", "https://sy.example/")
    assert mail.message_id == again.message_id != deliveries.email(cleared(raised), "noc@example.com", "").message_id


def test_only_a_raise_offers_the_mute_button_and_names_are_escaped_for_slack() -> None:
    raised = fired(uuid.uuid4(), 1, endpoint_id="<feed&1>")
    buttons = slack.message(raised, "https://sy.example")["blocks"][2]["elements"]
    assert [b.get("action_id") for b in buttons] == [slack.MUTE_ACTION, None]
    assert slack.parse_action_value(buttons[0]["value"]) == (raised.alert_id, raised.raise_id)
    assert "&lt;feed&amp;1&gt;" in str(slack.message(raised, "")["blocks"][1])
    assert [b.get("action_id") for b in slack.message(cleared(raised), "")["blocks"][2]["elements"]] == [None]


def test_webhooks_are_known_by_a_digest_that_does_not_reveal_them() -> None:
    [target] = deliveries.targets("slack", ["shown"], [HOOK])
    assert target.key.startswith("slack:") and "s3cr3t" not in target.key + target.shown


class QueuedLog(MemoryLog):
    """Deliveries waiting to be claimed; each claim round announces itself."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[Delivery] = []
        self.rounds: asyncio.Queue[int] = asyncio.Queue()

    async def sweep_interrupted(self, now: datetime) -> int:
        self.rounds.put_nowait(len(self.waiting))
        return 0

    async def claim(self, now: datetime, lease_seconds: float, max_attempts: int) -> Delivery | None:
        return self.waiting.pop() if self.waiting else None


async def test_the_worker_claims_as_soon_as_it_is_woken_not_at_its_next_poll() -> None:
    log, woken, sent = QueuedLog(), asyncio.Event(), asyncio.Event()

    async def send(_: Delivery) -> None:
        sent.set()

    worker = asyncio.create_task(deliver_forever(log, send, FAST, lambda: NOW, poll=3600, woken=woken))  # type: ignore[arg-type]
    try:
        assert await log.rounds.get() == 0, "the first round finds nothing"
        log.waiting.append(_delivery())
        woken.set()  # a unit that planned it committed; the poll is an hour away
        assert await log.rounds.get() == 1
        await sent.wait()
        assert log.outcomes == [("sent", None)]
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
