"""Stream hours end to end within billing (decision 78): streams' InputRunning / InputStopped over RabbitMQ become
intervals by bitrate band, billed to the input's owner while its environment is billed; the hourly run prices them
at stream_hours for the band; redelivered and replayed answers bill once; late ones, and an environment's late stop
that ends an input, adjust the closed hours; a deleted input stops being billed; an output of the same id is metered
apart; a rebuild of the projections prices the same consumption to the cent."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from billing.adapters.price_reads import versions
from billing.adapters.projections import PROJECTIONS
from billing.context import runner
from billing.domain.hours import Span
from billing.service_layer.consumption_lines import lines
from billing.service_layer.metering import close_due
from common.contracts import Envelope, Message, envelope_for
from common.projections import rebuild_into
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from streams.contract.events import InputDeleted, InputRunning, InputStopped, OutputRunning
from tests.integration.billing.conftest import BillingUnderTest, observed

# in the past: default prices may change only from now on, so these hours keep the seeded ones
T = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=30)

Line = tuple[datetime, datetime, str, str | None, int | None, int, str]


def at(hours: float) -> datetime:
    return T + timedelta(hours=hours)


def sent(message: Message, when: datetime, producer: str) -> Envelope:
    return envelope_for(message, producer=producer, correlation_id="input-metering-test", occurred_at=when)


async def test_stream_hours_by_band_billed_to_the_owner_once_with_late_answers_adjusted(
    billing: BillingUnderTest,
) -> None:
    owner, environment_id = await billing.known_organisation(), uuid.uuid4()
    scope = {"organisation_id": owner, "environment_id": environment_id}

    def environment(previous: str, state: str, hours: float) -> tuple[Message, Envelope]:
        message = EnvironmentStateChanged(**scope, previous_state=previous, state=state)
        return message, sent(message, at(hours), "environments")

    def input_(kind: type[InputRunning | InputStopped], input_id: str, hours: float,
               kbps: int = 0) -> tuple[Message, Envelope]:  # fmt: skip
        message = kind(**scope, input_id=input_id, version=1, bitrate_kbps=kbps)
        return message, sent(message, at(hours), "streams")

    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    main_running = input_(InputRunning, "main", 0.5, kbps=8000)  # the 10 Mbit/s band: 0.20 an hour
    same_id_output = OutputRunning(**scope, output_id="main", version=1, bitrate_kbps=8000)  # 0.30 an hour
    first = [
        (requested, sent(requested, at(-0.1), "environments")),
        environment("provisioning", "running", 0),
        input_(InputRunning, "early", -0.5, kbps=8000),  # before its environment is billed: from T on
        input_(InputStopped, "early", 0.25),
        main_running,
        input_(InputStopped, "main", 1.5),
        input_(InputRunning, "backup", 1),  # no configured maximum: the 5 Mbit/s band, 0.10 an hour
        (same_id_output, sent(same_id_output, at(0.5), "streams")),
        main_running,  # redelivered: the inbox keeps it once
    ]
    for message, envelope in first:
        await billing.deliver(message, envelope)
    await billing.deliver(main_running[0], sent(main_running[0], at(0.5), "streams"))  # replayed under a new id
    await observed(billing, environment_id, environment_changes=1, endpoint_changes=6)

    run = runner(billing.runtime)
    await asyncio.gather(*(close_due(run, billing.runtime.pool, "billing", at(3)) for _ in range(2)))
    assert await _stream_lines(billing, owner) == [
        (at(0), at(0), "usage", "early", 10, 900, "0.05"),
        (at(0), at(0), "usage", "main", 10, 1800, "0.10"),
        (at(1), at(1), "usage", "backup", 5, 3600, "0.10"),
        (at(1), at(1), "usage", "main", 10, 1800, "0.10"),
        (at(2), at(2), "usage", "backup", 5, 3600, "0.10"),
    ]
    output_hours = "SELECT sum(amount) FROM billing.consumption_lines WHERE organisation_id = $1 AND output_id = 'main'"
    assert str(await billing.runtime.pool.fetchval(output_hours, owner)) == "0.75"  # 2.5 hours at 0.30, apart

    # late: main in fact stopped at T+1:15, and the environment at T+2:30 (which ends backup, whose agent never said
    # it stopped); both arrive after T+2 was closed
    late = [input_(InputStopped, "main", 1.25), environment("running", "stopping", 2.5),
            environment("stopping", "stopped", 2.5)]  # fmt: skip
    for message, envelope in late:
        await billing.deliver(message, envelope)
    await observed(billing, environment_id, environment_changes=3, endpoint_changes=7)
    await close_due(run, billing.runtime.pool, "billing", at(4))
    assert (await _stream_lines(billing, owner))[5:] == [
        (at(3), at(1), "adjustment", "main", 10, -900, "-0.05"),
        (at(3), at(2), "adjustment", "backup", 5, -1800, "-0.05"),
    ]
    await close_due(run, billing.runtime.pool, "billing", at(4))
    assert len(await _stream_lines(billing, owner)) == 7, "a rerun records nothing again"

    # a deleted input stops being billed when it is deleted
    await billing.deliver(*input_(InputRunning, "second", 4))
    deleted = InputDeleted(**scope, input_id="second", version=2)
    await billing.deliver(deleted, sent(deleted, at(4.5), "streams"))
    await billing.deliver(*environment("stopped", "running", 4))
    await observed(billing, environment_id, environment_changes=4, endpoint_changes=9)
    await close_due(run, billing.runtime.pool, "billing", at(6))
    assert [line for line in await _stream_lines(billing, owner) if line[3] == "second"] == [
        (at(4), at(4), "usage", "second", 5, 1800, "0.05"),
    ]

    # a rebuild of every projection from the log prices every closed hour exactly as recorded: nothing to adjust
    await rebuild_into(billing.runtime.pool, "billing", "billing_input_rebuild", PROJECTIONS)
    try:
        async with billing.runtime.pool.acquire() as db:
            prices = (await versions(db, "billing_input_rebuild", None, None),
                      await versions(db, "billing_input_rebuild", owner, None))  # fmt: skip
            repriced = await lines(db, "billing_input_rebuild", owner, at(5), Span(at(-1), at(6)),
                                   {environment_id: at(-1)}, "usd", prices)  # fmt: skip
            assert repriced == []
    finally:
        await billing.runtime.pool.execute("DROP SCHEMA billing_input_rebuild CASCADE")


async def _stream_lines(billing: BillingUnderTest, organisation_id: int) -> list[Line]:
    rows = await billing.runtime.pool.fetch(
        """SELECT hour, usage_hour, kind, input_id, bitrate, seconds, amount
           FROM billing.consumption_lines WHERE organisation_id = $1 AND item = 'stream_hours'
           ORDER BY hour, usage_hour, input_id""",
        organisation_id,
    )
    return [(r["hour"], r["usage_hour"], r["kind"], r["input_id"], r["bitrate"], int(r["seconds"]), str(r["amount"]))
            for r in rows]  # fmt: skip
