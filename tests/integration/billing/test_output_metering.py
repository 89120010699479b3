"""Output hours end to end within billing (decision 78): streams' OutputRunning / OutputStopped over RabbitMQ become
intervals by bitrate band, billed to the output's taker (a guest too) while its environment is billed; the hourly
run prices them at output_hours for the band; redelivered and replayed answers bill once; late ones, including an
environment's stop that ends a guest's output, adjust the closed hours; a rebuild of the projections prices the
same consumption to the cent; a source invitation's billing_source decides whether the owner or the guest pays a
guest's output, a late change moving the closed hours from one to the other."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from billing.adapters.price_reads import versions
from billing.adapters.projections import PROJECTIONS
from billing.context import runner
from billing.domain.hours import Span
from billing.service_layer.consumption_lines import lines
from billing.service_layer.metering import close_due
from common.contracts import Envelope, Message, envelope_for
from common.projections import rebuild_into
from environments.contract.events import EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import SourceInvitationAccepted, SourcePermissionsChanged
from streams.contract.events import OutputDeleted, OutputRunning, OutputStopped
from tests.integration.billing.conftest import BillingUnderTest, observed
from tests.support.waiting import eventually

# in the past: default prices may change only from now on, so these hours keep the seeded ones
T = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=30)


def at(hours: float) -> datetime:
    return T + timedelta(hours=hours)


def sent(message: Message, when: datetime, producer: str) -> Envelope:
    return envelope_for(message, producer=producer, correlation_id="output-metering-test", occurred_at=when)


Line = tuple[int, datetime, datetime, str, str | None, int | None, int, str]


async def test_output_hours_by_band_billed_to_the_taker_once_with_late_answers_adjusted(
    billing: BillingUnderTest,
) -> None:
    owner, guest = await billing.known_organisation(), await billing.known_organisation()
    environment_id = uuid.uuid4()
    scope = {"organisation_id": owner, "environment_id": environment_id}

    def environment(previous: str, state: str, hours: float) -> tuple[Message, Envelope]:
        message = EnvironmentStateChanged(**scope, previous_state=previous, state=state)
        return message, sent(message, at(hours), "environments")

    def output(kind: type[OutputRunning | OutputStopped], taker: int, output_id: str, hours: float,
               kbps: int = 0) -> tuple[Message, Envelope]:  # fmt: skip
        message = kind(organisation_id=taker, environment_id=environment_id, output_id=output_id, version=1,
                       bitrate_kbps=kbps)  # fmt: skip
        return message, sent(message, at(hours), "streams")

    requested = EnvironmentRequested(**scope, name="studio", cloud_provider="aws", region="eu-west-1",
                                     instance_type="c5.large")  # fmt: skip
    own_running = output(OutputRunning, owner, "main", 0.5, kbps=8000)  # the 10 Mbit/s band: 0.30 an hour
    first = [
        (requested, sent(requested, at(-0.1), "environments")),
        environment("provisioning", "running", 0),
        own_running,
        output(OutputStopped, owner, "main", 1.5),
        output(OutputRunning, guest, "guest", 1),  # the source's bitrate: the 5 Mbit/s band, 0.15 an hour
        own_running,  # redelivered: the inbox keeps it once
    ]
    for message, envelope in first:
        await billing.deliver(message, envelope)
    await billing.deliver(own_running[0], sent(own_running[0], at(0.5), "streams"))  # replayed under a new id
    await observed(billing, environment_id, environment_changes=1, endpoint_changes=3)

    run = runner(billing.runtime)
    await asyncio.gather(*(close_due(run, billing.runtime.pool, "billing", at(3)) for _ in range(2)))
    assert await _output_lines(billing, owner) == [
        (owner, at(0), at(0), "usage", "main", 10, 1800, "0.15"),
        (owner, at(1), at(1), "usage", "main", 10, 1800, "0.15"),
    ]
    # the guest pays its own output, from its own first change, on the owner's environment
    assert await _output_lines(billing, guest) == [
        (guest, at(1), at(1), "usage", "guest", 5, 3600, "0.15"),
        (guest, at(2), at(2), "usage", "guest", 5, 3600, "0.15"),
    ]
    assert await _environment_hours(billing, owner) == Decimal("1.35")  # 3 hours at the default 0.45

    # late: the owner's output in fact stopped at T+1:15, and the environment at T+2:15 (which ends the guest's
    # output, whose agent never said it stopped); both arrive after T+2 was closed
    late = [output(OutputStopped, owner, "main", 1.25), environment("running", "stopping", 2.25),
            environment("stopping", "stopped", 2.25)]  # fmt: skip
    for message, envelope in late:
        await billing.deliver(message, envelope)
    await observed(billing, environment_id, environment_changes=3, endpoint_changes=4)
    await close_due(run, billing.runtime.pool, "billing", at(4))
    # T+1 should be 15 min at 0.30 = 0.075 → 0.08 (was 0.15); T+2 15 min at 0.15 = 0.0375 → 0.04 (was 0.15)
    owner_adjusted = [(owner, at(3), at(1), "adjustment", "main", 10, -900, "-0.07")]
    guest_adjusted = [(guest, at(3), at(2), "adjustment", "guest", 5, -2700, "-0.11")]
    assert (await _output_lines(billing, owner))[2:] == owner_adjusted
    assert (await _output_lines(billing, guest))[2:] == guest_adjusted
    await close_due(run, billing.runtime.pool, "billing", at(4))
    assert len(await _output_lines(billing, owner)) == 3, "a rerun records nothing again"

    # a deleted output stops being billed when it is deleted
    await billing.deliver(*output(OutputRunning, guest, "second", 4))
    deleted = OutputDeleted(organisation_id=guest, environment_id=environment_id, output_id="second", version=2)
    await billing.deliver(deleted, sent(deleted, at(4.5), "streams"))
    await billing.deliver(*environment("stopped", "running", 4))
    await observed(billing, environment_id, environment_changes=4, endpoint_changes=6)
    await close_due(run, billing.runtime.pool, "billing", at(6))
    assert [line for line in await _output_lines(billing, guest) if line[4] == "second"] == [
        (guest, at(4), at(4), "usage", "second", 5, 1800, "0.08"),
    ]

    # a rebuild of every projection from the log prices every closed hour exactly as recorded: nothing to adjust
    await rebuild_into(billing.runtime.pool, "billing", "billing_output_rebuild", PROJECTIONS)
    try:
        async with billing.runtime.pool.acquire() as db:
            default = await versions(db, "billing_output_rebuild", None, None)
            for organisation_id in (owner, guest):
                prices = default, await versions(db, "billing_output_rebuild", organisation_id, None)
                repriced = await lines(db, "billing_output_rebuild", organisation_id, at(5), Span(at(-1), at(6)),
                                       {environment_id: at(-1)}, "usd", prices)  # fmt: skip
                assert repriced == []
    finally:
        await billing.runtime.pool.execute("DROP SCHEMA billing_output_rebuild CASCADE")


async def test_the_invitations_billing_source_decides_who_pays_a_guests_output_and_a_late_change_moves_it(
    billing: BillingUnderTest,
) -> None:
    owner, guest, invitation_id = await billing.known_organisation(), await billing.known_organisation(), uuid.uuid4()
    environment_id = uuid.uuid4()
    invitation = {"organisation_id": owner, "invitation_id": invitation_id, "guest_organisation_id": guest}

    def paid_by(source: str, hours: float) -> tuple[Message, Envelope]:
        message = SourcePermissionsChanged(**invitation, show_all_channels=True, show_all_events=True,
                                           registered=True, billing_source=source,  # type: ignore[arg-type]
                                           global_max_destinations=3)  # fmt: skip
        return message, sent(message, at(hours), "gateway")

    running = EnvironmentStateChanged(organisation_id=owner, environment_id=environment_id,
                                      previous_state="provisioning", state="running")  # fmt: skip
    requested = EnvironmentRequested(organisation_id=owner, environment_id=environment_id, name="studio",
                                     cloud_provider="aws", region="eu-west-1", instance_type="c5.large")  # fmt: skip
    accepted = SourceInvitationAccepted(**invitation)
    output = OutputRunning(organisation_id=guest, environment_id=environment_id, output_id="relay", version=1)
    for message, envelope in [(requested, sent(requested, at(-0.2), "environments")),
                              (running, sent(running, at(0), "environments")),
                              (accepted, sent(accepted, at(-1), "gateway")), paid_by("source_owner", -0.5),
                              (output, sent(output, at(0), "streams"))]:  # fmt: skip
        await billing.deliver(message, envelope)
    await observed(billing, environment_id, environment_changes=1, endpoint_changes=1)
    await _guest_billing_seen(billing, invitation_id, 1)

    run = runner(billing.runtime)
    await close_due(run, billing.runtime.pool, "billing", at(3))
    # the owner pays its guest's output (5 Mbit/s band, 0.15 an hour), named by the guest that took it
    owner_paid = [(owner, at(h), at(h), "usage", "relay", 5, 3600, "0.15") for h in range(3)]
    assert await _output_lines(billing, owner) == owner_paid
    assert await _output_lines(billing, guest) == []
    taker = """SELECT DISTINCT taker_organisation_id FROM billing.consumption_lines
               WHERE organisation_id = $1 AND item = 'output_hours'"""
    assert await billing.runtime.pool.fetchval(taker, owner) == guest

    # the owner switched to the guest paying at T+1:30; billing hears of it after T+2 was closed
    await billing.deliver(*paid_by("destination_taker", 1.5))
    await _guest_billing_seen(billing, invitation_id, 2)
    await close_due(run, billing.runtime.pool, "billing", at(4))
    assert (await _output_lines(billing, owner))[3:] == [
        (owner, at(3), at(1), "adjustment", "relay", 5, -1800, "-0.07"),
        (owner, at(3), at(2), "adjustment", "relay", 5, -3600, "-0.15"),
    ]
    assert await _output_lines(billing, guest) == [
        (guest, at(3), at(1), "adjustment", "relay", 5, 1800, "0.08"),
        (guest, at(3), at(2), "adjustment", "relay", 5, 3600, "0.15"),
        (guest, at(3), at(3), "usage", "relay", 5, 3600, "0.15"),
    ]


async def _guest_billing_seen(billing: BillingUnderTest, invitation_id: uuid.UUID, changes: int) -> None:
    async def seen() -> None:
        sql = "SELECT count(*) FROM billing.guest_billing WHERE invitation_id = $1"
        assert await billing.runtime.pool.fetchval(sql, invitation_id) == changes

    await eventually(seen, within=10)


async def _output_lines(billing: BillingUnderTest, organisation_id: int) -> list[Line]:
    rows = await billing.runtime.pool.fetch(
        """SELECT organisation_id, hour, usage_hour, kind, output_id, bitrate, seconds, amount
           FROM billing.consumption_lines WHERE organisation_id = $1 AND item = 'output_hours'
           ORDER BY hour, usage_hour, output_id""",
        organisation_id,
    )
    return [(r["organisation_id"], r["hour"], r["usage_hour"], r["kind"], r["output_id"], r["bitrate"],
             int(r["seconds"]), str(r["amount"])) for r in rows]  # fmt: skip


async def _environment_hours(billing: BillingUnderTest, organisation_id: int) -> Decimal:
    sql = "SELECT sum(amount) FROM billing.consumption_lines WHERE organisation_id = $1 AND item = 'environment_hours'"
    return Decimal(await billing.runtime.pool.fetchval(sql, organisation_id))
