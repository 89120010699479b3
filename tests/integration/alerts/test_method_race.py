"""An alert method deleted (A174) while an alert is created on it (A046), many pairs at once on the real Postgres:
never both. Either the alert is made and the deletion refused, or the method goes and the creation finds none;
never a live alert whose method is deleted.

What the use cases read of the read model answers after a random pause (a few ms), so each pair's transactions
interleave in many ways: with the check and the commit of each side that far apart, an undecided race shows."""

from __future__ import annotations

import asyncio
import random
import uuid
from typing import Any

from alerts.adapters.known import known_of
from alerts.adapters.webhooks import webhooks_of
from alerts.context import runner
from alerts.domain.rules import Rule
from alerts.service_layer import alert_methods
from alerts.service_layer import alerts as alert_use_cases
from common.errors import Conflict, NotFound
from common.unit_of_work import UnitOfWork
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.support.service_under_test import new_organisation

PAIRS = 60
RULE = Rule("net_recv.bitrate", "lt", (1000.0,), "1m", "1m", None, "5m")


class Hesitant:
    """The read model, answering each question after a short random pause."""

    def __init__(self, known: Any) -> None:
        self.known = known

    def __getattr__(self, name: str) -> Any:
        asked = getattr(self.known, name)

        async def hesitantly(*args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(random.uniform(0, 0.005))
            answer = await asked(*args, **kwargs)
            await asyncio.sleep(random.uniform(0, 0.005))
            return answer

        return hesitantly


def hesitant_of(work: UnitOfWork) -> Any:
    return Hesitant(known_of(work))


async def test_a_method_is_never_deleted_under_an_alert_created_at_the_same_moment(alerts: AlertsUnderTest) -> None:
    organisation_id, run = new_organisation(), runner(alerts.runtime)
    environment_id = await alerts.environment(organisation_id)
    await alerts.endpoint("input", organisation_id, environment_id, "cam-1")
    methods = [await alert_methods.create(run, webhooks_of, organisation_id, f"M{i}", "email", ["a@example.com"])
               for i in range(PAIRS)]  # fmt: skip

    async def create(method_id: uuid.UUID) -> str:
        new = alert_use_cases.NewAlerts(environment_id, ["cam-1"], [], None, RULE, method_id)
        try:
            await alert_use_cases.create(run, hesitant_of, organisation_id, new)
            return "created"
        except NotFound:
            return "no method"

    async def delete(method_id: uuid.UUID) -> str:
        try:
            await alert_methods.delete(run, webhooks_of, hesitant_of, organisation_id, method_id)
            return "deleted"
        except Conflict:
            return "in use"

    async def pair(method_id: uuid.UUID) -> tuple[str, str]:
        created, deleted = await asyncio.gather(create(method_id), delete(method_id))
        return created, deleted

    outcomes = await asyncio.gather(*(pair(m) for m in methods))
    assert set(outcomes) <= {("created", "in use"), ("no method", "deleted")}, outcomes
    orphans = await alerts.runtime.pool.fetchval(
        """SELECT count(*) FROM alerts.alerts a WHERE NOT a.deleted AND a.alert_method_id = ANY($1::uuid[])
             AND NOT EXISTS (SELECT 1 FROM alerts.alert_methods m WHERE m.id = a.alert_method_id)""",
        methods,
    )  # fmt: skip
    assert orphans == 0
    made = await alerts.runtime.pool.fetchval(
        "SELECT count(*) FROM alerts.alerts WHERE NOT deleted AND alert_method_id = ANY($1::uuid[])", methods
    )
    assert made == outcomes.count(("created", "in use"))
