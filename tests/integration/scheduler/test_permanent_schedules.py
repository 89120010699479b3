"""Permanent schedules (A106) on Postgres and RabbitMQ: the scheduler's own read model of billing's agreements binds
an output; an input within the agreement's bitrate is scheduled to it until the agreement expires, first for the
environment's capacity, and leaves the set when the agreement finishes."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from billing.contract.events import AgreementAssigned, AgreementFinished, AgreementPurchased
from common.bus.publisher import Publisher
from streams.contract.events import InputReconfigured
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation

PERMANENT = "/api/permanent_schedules"


async def agreement(
    scheduler: SchedulerUnderTest, organisation: int, env: uuid.UUID, output_id: str, expires_at: datetime
) -> uuid.UUID:
    """Bought for 10 Mbit/s and assigned to the output, as billing publishes it."""
    agreement_id = uuid.uuid4()
    bought = AgreementPurchased(organisation_id=organisation, agreement_id=agreement_id, bitrate=10,
                                duration_months=1, expires_at=expires_at)  # fmt: skip
    await scheduler.publish("billing", bought)
    await scheduler.publish("billing", AgreementAssigned(organisation_id=organisation, agreement_id=agreement_id,
                                                         output_id=output_id, environment_id=env))  # fmt: skip
    await scheduler._until("SELECT output_id FROM scheduler.agreements WHERE id = $1", output_id, agreement_id)
    return agreement_id


async def test_an_input_within_the_agreement_runs_permanently_on_its_output_until_the_agreement_ends(
    scheduler: SchedulerUnderTest,
) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id or 0
    env = await scheduler.environment(organisation)
    await scheduler.input(organisation, env, "fits", bitrate_kbps=8000)
    await scheduler.input(organisation, env, "too-fast", bitrate_kbps=12_000)
    await scheduler.input(organisation, env, "unknown")
    for output in ("bound", "plain"):
        await scheduler.output(organisation, env, output)
    expires = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    agreement_id = await agreement(scheduler, organisation, env, "bound", expires)

    async def permanent(body: dict[str, Any], status: int) -> dict[str, Any]:
        reply = await scheduler.call(operator, "POST", PERMANENT, body)
        assert reply.status == status, reply.body
        return dict(reply.body or {})

    assert "output_id" in str(await permanent({"input_id": "fits", "output_id": "plain"}, 400))
    assert "input_id" in str(await permanent({"input_id": "too-fast", "output_id": "bound"}, 400))
    assert "input_id" in str(await permanent({"input_id": "unknown", "output_id": "bound"}, 400))
    assert (await scheduler.call(operator, "POST", PERMANENT, {"input_id": "fits", "output_id": "nope"})).status == 404

    made = await permanent({"input_id": "fits", "output_id": "bound"}, 201)
    assert made["is_permanent"] and datetime.fromisoformat(made["end_time"]) == expires, made
    assert (await scheduler.call(operator, "GET", made["resource_uri"])).ok() == made
    assert made["id"] in await scheduler.pushed(env)
    status = (await scheduler.call(operator, "GET", f"{made['resource_uri']}/status")).ok()
    assert (status["status"], status["reason"]) == ("running", None), status
    again = await permanent({"input_id": "fits", "output_id": "bound", "start_time": at(60)}, 409)
    assert made["id"] in str(again)
    extended = await scheduler.call(operator, "PATCH", made["resource_uri"], {"end_time": at(90)})
    assert extended.status == 409

    await scheduler.publish("billing", AgreementFinished(organisation_id=organisation, agreement_id=agreement_id,
                                                         output_id="bound", finished_at=expires))  # fmt: skip
    await scheduler._until("SELECT finished FROM scheduler.agreements WHERE id = $1", True, agreement_id)
    assert made["id"] not in await scheduler.pushed(env)
    status = (await scheduler.call(operator, "GET", f"{made['resource_uri']}/status")).ok()
    assert status["status"] == "failed" and "agreement" in status["reason"], status
    assert "output_id" in str(await permanent({"input_id": "fits", "output_id": "bound"}, 400))


async def test_a_permanent_schedule_starts_before_ordinary_ones_when_capacity_is_short(
    scheduler: SchedulerUnderTest,
) -> None:
    admin = member_of(new_organisation())
    organisation = admin.managing_organisation_id or 0
    env, ordinary = await scheduler.crowded(admin, bitrate_kbps=5000)
    await scheduler.output(organisation, env, "bound")
    await agreement(scheduler, organisation, env, "bound", datetime.now(UTC) + timedelta(days=30))
    reply = await scheduler.call(admin, "POST", PERMANENT, {"input_id": "in-0", "output_id": "bound",
                                                            "start_time": at(10)})  # fmt: skip
    made = reply.ok(201)
    assert await scheduler.pushed(env) == {made["id"], *(o["id"] for o in ordinary[:9])}
    status = (await scheduler.call(admin, "GET", f"{ordinary[9]['resource_uri']}/status")).ok()
    assert status["status"] == "not_started" and status["reason"].startswith("capacity"), status


async def test_an_agreement_bought_and_assigned_back_to_back_is_known_whole(scheduler: SchedulerUnderTest) -> None:
    """The purchase and the assignment of each agreement published at once: every one ends known with both."""
    organisation = new_organisation()
    env = await scheduler.environment(organisation)
    expires = datetime.now(UTC) + timedelta(days=30)
    agreements = {uuid.uuid4(): f"out-{n}" for n in range(30)}
    for output in agreements.values():
        await scheduler.output(organisation, env, output)
    publisher = Publisher("billing")
    await publisher.open(scheduler.runtime.connection)
    for agreement_id, output in agreements.items():
        assigned = AgreementAssigned(organisation_id=organisation, agreement_id=agreement_id, output_id=output,
                                     environment_id=env)  # fmt: skip
        bought = AgreementPurchased(organisation_id=organisation, agreement_id=agreement_id, bitrate=10,
                                    duration_months=1, expires_at=expires)  # fmt: skip
        await asyncio.gather(*(publisher.publish(m, correlation_id="billing-test") for m in (assigned, bought)))
    await publisher.close()
    for agreement_id, output in agreements.items():
        await scheduler._until(
            "SELECT output_id FROM scheduler.agreements WHERE id = $1 AND bitrate_mbps = 10", output, agreement_id
        )


async def test_an_input_reconfigured_beyond_the_agreement_may_no_longer_be_scheduled_to_it(
    scheduler: SchedulerUnderTest,
) -> None:
    operator = member_of(new_organisation())
    organisation = operator.managing_organisation_id or 0
    env = await scheduler.environment(organisation)
    await scheduler.input(organisation, env, "cam", bitrate_kbps=8000)
    await scheduler.output(organisation, env, "bound")
    await agreement(scheduler, organisation, env, "bound", datetime.now(UTC) + timedelta(days=30))
    await scheduler.publish("streams", InputReconfigured(organisation_id=organisation, environment_id=env,
                                                         input_id="cam", version=2, bitrate_kbps=12_000))  # fmt: skip
    await scheduler._until("SELECT version FROM scheduler.inputs WHERE organisation_id = $1 AND id = $2", 2,
                           organisation, "cam")  # fmt: skip
    refused = await scheduler.call(operator, "POST", PERMANENT, {"input_id": "cam", "output_id": "bound"})
    assert refused.status == 400 and "input_id" in str(refused.body), refused.body
    await scheduler.publish("streams", InputReconfigured(organisation_id=organisation, environment_id=env,
                                                         input_id="cam", version=3, bitrate_kbps=9000))  # fmt: skip
    await scheduler._until("SELECT version FROM scheduler.inputs WHERE organisation_id = $1 AND id = $2", 3,
                           organisation, "cam")  # fmt: skip
    (await scheduler.call(operator, "POST", PERMANENT, {"input_id": "cam", "output_id": "bound"})).ok(201)
