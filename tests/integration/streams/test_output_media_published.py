"""Billing meters output hours from what streams publishes of a real agent's answers (decision 78): an output the
agent holds running is announced as streams.OutputRunning, one it holds stopped as streams.OutputStopped, each with
the output's taker, environment, configuration version and configured bitrate."""

from __future__ import annotations

import json
from typing import Any

from common.bus.topology import EVENTS
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_agent_holds_endpoints import AgentProcess, agent
from tests.support.bus import tap
from tests.support.service_under_test import member_of
from tests.support.waiting import eventually

__all__ = ["agent"]  # the real agent's fixture


async def test_the_agents_answers_on_an_outputs_media_are_published_for_billing(
    streams: StreamsUnderTest, agent: tuple[int, AgentProcess]
) -> None:
    organisation_id, process = agent
    operator, environment_id = member_of(organisation_id, "operator"), process.environment_id
    base = f"/api/customer_environment/{environment_id}/outputs"
    async with streams.runtime.connection.channel() as channel:
        queue = await tap(channel, EVENTS, "streams.*")
        try:
            (await streams.call(operator, "POST", f"{base}/srt_listener", {"id": "air"})).ok(201)
            await _heard(queue, "OutputRunning", 1)
            (await streams.call(operator, "POST", f"{base}/air/stop")).ok(202)
            stopped = await _heard(queue, "OutputStopped", 2)
            assert stopped["payload"]["organisation_id"] == organisation_id
            assert stopped["payload"]["environment_id"] == str(environment_id)
            assert stopped["payload"]["bitrate_kbps"] == 0  # an SRT output passes the source's bitrate on
        finally:
            await queue.delete(if_unused=False, if_empty=False)


async def _heard(queue: Any, kind: str, version: int) -> dict[str, Any]:
    found: list[dict[str, Any]] = []

    async def arrived() -> None:
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            found.append(json.loads(message.body))
        assert any(m["type"] == f"streams.{kind}" and m["payload"]["version"] == version for m in found), found

    await eventually(arrived, within=20)
    return next(m for m in found if m["type"] == f"streams.{kind}" and m["payload"]["version"] == version)
