"""Figures 15-16: alerts, on the alerts service running in this process on a database and vhost of its own.

11. From an agent's sample crossing a threshold to its email accepted by a real SMTP server (aiosmtpd), p50 and
    p99 over N raises one after another, against one plain SMTP send of a message to the same server. The sample
    goes the whole way: the agent's publish, the statistics consumer, the evaluation (checking every active alert
    every 10 ms here, as if each were due: in service an alert waits for its own check frequency, at least 10 s,
    on top), the delivery planned with the raise, the delivery worker (woken by that commit) and the SMTP send.
12. Evaluation with N active alerts (one per input, a one-minute window holding 12 samples each): alerts × window
    samples decided per second by a pass of the evaluator (kept from pass to pass, as the service keeps it, each
    pass one check period later), against the raw rate of consuming the same samples (the
    same StatisticsReported reports, as JSON, each read and acked) from a queue with aio-pika in the same run.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import aio_pika
import aiosmtplib
from aiohttp.test_utils import TestServer
from aiosmtpd.controller import Controller
from yarl import URL

from alerts.adapters import samples
from alerts.adapters.known import PostgresKnown, known_of
from alerts.adapters.webhooks import webhooks_of
from alerts.bootstrap import spec
from alerts.config import SCHEMA, AlertsSettings
from alerts.context import runner
from alerts.domain.rules import Rule
from alerts.entrypoints.workers import Evaluator
from alerts.service_layer import alert_methods, alerts
from bench.scale import Scale
from bench.table import Figure, Target, compared, interleave, say, spread
from cenv_agent.contract.messages import EndpointStatistics, StatisticsReported
from common.bus.topology import CENV_EVENTS
from common.contracts import envelope_for
from common.http.app import RUNTIME, Runtime, create_app
from environments.adapters.broker import AgentBroker
from tests.support.smtp import Inbox, free_port

NAMES = ("alert-latency", "alert-evaluation")
ORGANISATION = 7001
PER_ENVIRONMENT = 100
WINDOW_SAMPLES, SAMPLE_EVERY, CHECK_EVERY = 12, 5, 10  # a one-minute window, a sample every 5 s
CROSSING = Rule("net_recv.bitrate", "gt", (1000.0,), "10s", "10s", None, "5m")
STEADY = Rule("net_recv.bitrate", "lt", (1000.0,), "1m", "10s", None, "5m")


class TimedInbox(Inbox):
    """Notes when each recipient's message was accepted (the end of DATA)."""

    def __init__(self, port: int) -> None:
        super().__init__(port=port)
        self.accepted: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        for address in envelope.rcpt_tos:
            self.accepted[address] = time.perf_counter()
        return answer


@asynccontextmanager
async def mail_server() -> AsyncIterator[TimedInbox]:
    inbox = TimedInbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@asynccontextmanager
async def service(database_url: str, amqp_url: str, inbox: Inbox, key: str) -> AsyncIterator[Runtime]:
    """The alerts service with its own loops, except evaluation, which the figures drive."""
    settings = AlertsSettings(
        DATABASE_URL=database_url, AMQP_URL=amqp_url, SWITCHYARD_INTERNAL_KEY=key, SWITCHYARD_SMTP_HOST="127.0.0.1",
        SWITCHYARD_SMTP_PORT=inbox.port, SWITCHYARD_ALERT_EVALUATION_TICK_SECONDS=3600,
        SWITCHYARD_AGENT_MESSAGE_BURST=100_000, SWITCHYARD_AGENT_MESSAGES_PER_SECOND=100_000,
    )  # fmt: skip
    server = TestServer(create_app(spec(settings)))
    await server.start_server()
    try:
        yield server.app[RUNTIME]
    finally:
        await server.close()


def stats(kbps: float) -> EndpointStatistics:
    return EndpointStatistics(bitrate_kbps=kbps, jitter_ms=1, loss_millipercent=0, rtt_ms=20, dropped=0, packets=10,
                              uptime_seconds=60, connected=True)  # fmt: skip


async def environment_with_alerts(
    runtime: Runtime, inputs: list[str], rule: Rule, methods: list[uuid.UUID]
) -> uuid.UUID:
    """An environment of the organisation holding ``inputs``, one alert on each (with the method given for it, or
    the one method for all)."""
    environment_id, known = uuid.uuid4(), PostgresKnown(runtime.pool, SCHEMA)
    await known.environment_requested(environment_id, ORGANISATION)
    for input_id in inputs:
        await known.endpoint_noted("input", environment_id, ORGANISATION, input_id, 1, False)
    run = runner(runtime)
    if len(methods) == 1:
        await alerts.create(run, known_of, ORGANISATION, alerts.NewAlerts(environment_id, inputs, [], None, rule,
                                                                          methods[0]))  # fmt: skip
    else:
        for input_id, method_id in zip(inputs, methods, strict=True):
            await alerts.create(run, known_of, ORGANISATION, alerts.NewAlerts(environment_id, [input_id], [], None,
                                                                              rule, method_id))  # fmt: skip
    return environment_id


async def method(runtime: Runtime, address: str) -> uuid.UUID:
    return await alert_methods.create(runner(runtime), webhooks_of, ORGANISATION, address, "email", [address])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def plain_sends(inbox: Inbox, count: int) -> list[float]:
    """Seconds for one SMTP send (connect, EHLO, MAIL, RCPT, DATA, QUIT) of an alert-sized message."""
    times = []
    for i in range(count):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "alerts@bench.example", f"plain-{i}@bench.example", "x"
        message.set_content("a" * 600)
        started = time.perf_counter()
        await aiosmtplib.send(message, hostname="127.0.0.1", port=inbox.port)
        times.append(time.perf_counter() - started)
    return times


async def raise_latencies(runtime: Runtime, inbox: TimedInbox, management_url: str, amqp_url: str, key: str,
                          count: int) -> list[float]:  # fmt: skip
    addresses = [f"raise-{i}@bench.example" for i in range(count)]
    inputs = [f"cam-{i}" for i in range(count)]
    environment_id = await environment_with_alerts(runtime, inputs, CROSSING,
                                                   [await method(runtime, a) for a in addresses])  # fmt: skip
    broker = AgentBroker(management_url, amqp_url, None, 5, key.encode())
    agent_url = (await broker.grant(runtime.connection, environment_id)).amqp_url.get_secret_value()

    async def evaluate_continuously() -> None:
        while True:
            await Evaluator(runtime).tick()  # a fresh one: every active alert due
            await asyncio.sleep(0.01)

    latencies = []
    evaluating = asyncio.create_task(evaluate_continuously())
    try:
        async with await aio_pika.connect(agent_url) as connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
            for input_id, address in zip(inputs, addresses, strict=True):
                report = StatisticsReported(environment_id=environment_id, sampled_at=datetime.now(UTC),
                                            inputs={input_id: stats(5000)})  # fmt: skip
                body = envelope_for(report, producer="cenv_agent", correlation_id="bench").to_bytes()
                started = time.perf_counter()
                await exchange.publish(aio_pika.Message(body, user_id=URL(agent_url).user),
                                       f"{environment_id}.{report.TYPE}")  # fmt: skip
                while address not in inbox.accepted:
                    if time.perf_counter() - started > 60:
                        raise TimeoutError(f"no email for {input_id} within 60 s")
                    await asyncio.sleep(0.002)
                latencies.append(inbox.accepted[address] - started)
    finally:
        evaluating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await evaluating
        await broker.revoke(runtime.connection, environment_id)
    return latencies


async def latency_figures(runtime: Runtime, inbox: TimedInbox, management_url: str, amqp_url: str, key: str,
                          count: int) -> list[Figure]:  # fmt: skip
    plain = await plain_sends(inbox, count)
    latencies = await raise_latencies(runtime, inbox, management_url, amqp_url, key, count)
    ms = [1000 * x for x in latencies]
    plain_ms = [1000 * x for x in plain]
    say(f"{count} raises, sample published → email accepted: p50 {percentile(ms, 0.5):.0f} ms, "
        f"p99 {percentile(ms, 0.99):.0f} ms (all: {', '.join(f'{x:.0f}' for x in ms)})")  # fmt: skip
    say(f"{count} plain SMTP sends: p50 {percentile(plain_ms, 0.5):.1f} ms, p99 {percentile(plain_ms, 0.99):.1f} ms")
    return [
        compared(f"alert sample → email accepted, p50 of {count}, vs one SMTP send", "ms",
                 [percentile(plain_ms, 0.5)], [percentile(ms, 0.5)], Target(at_most=500)),
        compared(f"alert sample → email accepted, p99 of {count}, vs one SMTP send", "ms",
                 [percentile(plain_ms, 0.99)], [percentile(ms, 0.99)], Target(at_most=1500)),
    ]  # fmt: skip


def reports(environment_id: uuid.UUID, inputs: list[str], now: datetime, passes: int) -> list[StatisticsReported]:
    """Samples of every input of the environment, one report per instant (as an agent sends them), from a window
    before ``now`` to ``passes`` check periods after it: every pass's window holds ``WINDOW_SAMPLES`` of them."""
    instants = range(-WINDOW_SAMPLES + 1, passes * CHECK_EVERY // SAMPLE_EVERY + 1)
    return [StatisticsReported(environment_id=environment_id, inputs={i: stats(5000) for i in inputs},
                               sampled_at=now + timedelta(seconds=SAMPLE_EVERY * n)) for n in instants]  # fmt: skip


async def consumed_raw(amqp_url: str, bodies: list[bytes]) -> float:
    """Seconds to consume (and ack) ``bodies`` from a queue they were published to beforehand."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.declare_queue(f"bench.alert-samples.{secrets.token_hex(4)}", auto_delete=False)
        for body in bodies:
            await channel.default_exchange.publish(aio_pika.Message(body), routing_key=queue.name)
        await channel.set_qos(prefetch_count=100)
        done, received = asyncio.Event(), 0

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal received
            StatisticsReported.model_validate_json(message.body)  # what a consumer does at least: read it
            await message.ack()
            received += 1
            if received == len(bodies):
                done.set()

        started = time.perf_counter()
        tag = await queue.consume(on_message)
        await done.wait()
        elapsed = time.perf_counter() - started
        await queue.cancel(tag)
        await queue.delete(if_unused=False, if_empty=False)
    return elapsed


async def evaluation_figures(runtime: Runtime, amqp_url: str, count: int, rounds: int) -> list[Figure]:
    method_id, now, bodies, stored = await method(runtime, "steady@bench.example"), datetime.now(UTC), [], 0
    for e in range(max(1, count // PER_ENVIRONMENT)):
        inputs = [f"in-{e}-{i}" for i in range(PER_ENVIRONMENT)]
        environment_id = await environment_with_alerts(runtime, inputs, STEADY, [method_id])
        for report in reports(environment_id, inputs, now, rounds + 1):
            await samples.store(runtime.pool, SCHEMA, report)
            bodies.append(report.model_dump_json().encode())
            stored += len(report.inputs)
    alerts_count = await runtime.pool.fetchval(f"SELECT count(*) FROM {SCHEMA}.alerts WHERE NOT deleted")
    # one evaluator, as the service keeps, each pass a check period later (every alert due again); the first pass
    # folds every stream, the later ones only what was recorded since (nothing: no alert changes)
    evaluator, passes = Evaluator(runtime), itertools.count()
    await evaluator.tick(now)

    async def raw() -> float:
        return stored / await consumed_raw(amqp_url, bodies)

    async def evaluated() -> float:
        at = now + timedelta(seconds=CHECK_EVERY * (next(passes) + 1))
        started = time.perf_counter()
        await evaluator.tick(at)
        return alerts_count * WINDOW_SAMPLES / (time.perf_counter() - started)

    rates = await interleave({"raw": raw, "evaluated": evaluated}, rounds)
    say(f"raw consume of {len(bodies)} reports ({stored:,} samples) from a queue: {spread(rates['raw'], '/s')}")
    say(f"evaluation of {alerts_count:,} alerts × {WINDOW_SAMPLES} samples, alert-samples: "
        f"{spread(rates['evaluated'], '/s')}")  # fmt: skip
    return [compared(f"evaluation of {alerts_count:,} alerts (alerts × samples/s), vs raw consume of the samples",
                     "/s", rates["raw"], rates["evaluated"], Target(at_least=1))]  # fmt: skip


async def figures(database_url: str, amqp_url: str, management_url: str, scale: Scale,
                  wanted: set[str]) -> list[Figure]:  # fmt: skip
    key, made = secrets.token_hex(32), []
    async with mail_server() as inbox, service(database_url, amqp_url, inbox, key) as runtime:
        if "alert-latency" in wanted:
            made += await latency_figures(runtime, inbox, management_url, amqp_url, key, scale.alert_raises)
        if "alert-evaluation" in wanted:
            made += await evaluation_figures(runtime, amqp_url, scale.active_alerts, scale.rounds)
    return made
