"""The history API (P09) on Postgres and RabbitMQ: schedule runs recorded by the scheduler's sweep once they
finish (their window passed, or deleted while running), listed newest first with time filters and filters on
related rows, the newest per organisation kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from common.http.principal import Principal
from scheduler.config import SchedulerSettings
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

HISTORY = "/api/history/schedule_runs"


def soon(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


async def test_finished_runs_are_recorded_listed_filtered_and_the_oldest_evicted(
    scheduler: SchedulerUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, other = member_of(new_organisation()), member_of(new_organisation())
    organisation = admin.managing_organisation_id or 0
    await scheduler.studio(organisation, outputs=3)
    short = [await scheduler.schedule(admin, {"input_id": "in-0", "output_id": f"out-{n}", "start_time": "NOW",
                                              "end_time": soon(1 + n)}) for n in range(2)]  # fmt: skip
    stopped = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-2", "start_time": "NOW",
                                               "end_time": at(30)})  # fmt: skip
    assert (await scheduler.call(admin, "DELETE", stopped["resource_uri"])).status == 204
    future = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-2", "start_time": at(40),
                                              "end_time": at(50)})  # fmt: skip
    assert (await scheduler.call(admin, "DELETE", future["resource_uri"])).status == 204  # never ran: no run

    async def listed(query: str = "", who: Principal = admin) -> list[dict[str, object]]:
        return list((await scheduler.call(who, "GET", f"{HISTORY}{query}")).ok()["objects"])

    async def all_recorded() -> None:
        assert {r["id"] for r in await listed()} == {short[0]["id"], short[1]["id"], stopped["id"]}

    await eventually(all_recorded, within=20)
    newest_first = await listed()
    assert [r["id"] for r in newest_first][:2] == [short[1]["id"], short[0]["id"]]
    by_id = {r["id"]: r for r in newest_first}
    assert by_id[stopped["id"]]["disconnect_reason"] == "deleted"
    assert by_id[short[0]["id"]]["disconnect_reason"] == "ended"
    assert 0.5 < float(str(by_id[short[0]["id"]]["duration_seconds"])) < 5

    assert await listed("?disconnect_reason=deleted") == [by_id[stopped["id"]]]
    since = short[1]["end_time"]
    assert [r["id"] for r in await listed(f"?end_time__gte={since.replace('+', '%2B')}")] == [short[1]["id"]]
    assert len(await listed("?environment__state=running")) == 3
    assert await listed("?environment__state=stopped") == []
    assert len(await listed(f"?environment__organisation_id={organisation}")) == 3
    assert await listed(who=other) == []
    bad = await scheduler.call(admin, "GET", f"{HISTORY}?environment__colour=red")
    assert bad.status == 400 and "environment__colour" in str(bad.body)
    schema = (await scheduler.call(admin, "GET", f"{HISTORY}/schema/")).ok()
    assert "environment__state" in schema["filtering"]

    settings = scheduler.runtime.settings
    assert isinstance(settings, SchedulerSettings)
    monkeypatch.setattr(settings, "history_keep", 2)  # SWITCHYARD_HISTORY_KEEP, as the running sweep reads it
    last = await scheduler.schedule(admin, {"input_id": "in-0", "output_id": "out-0", "start_time": "NOW",
                                            "end_time": soon(1)})  # fmt: skip

    async def evicted() -> None:
        assert [r["id"] for r in await listed()] == [last["id"], short[1]["id"]]

    await eventually(evicted, within=20)
