"""The scheduler killed between recompute and push (issue 11's fault): its broker connection goes through a proxy
that is held, so a burst of changes made through the gateway commits its recomputed sets while not one push reaches
the broker; the scheduler is then SIGKILLed, the proxy restored and the scheduler started again. The real agent ends
holding the newest set (and the dump agrees), every set pushed and applied comes in increasing versions, and what
the burst deleted does not run: the entry deleted in it stops, the one made due and deleted within it never starts."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from yarl import URL

from cenv_agent.contract.schedules import ApplyScheduleSet
from common.bus.topology import binding_for
from tests.e2e.test_schedules import _in, held_by_agent, scheduled_studio
from tests.support.api import Api
from tests.support.bus import tap
from tests.support.platform import Platform
from tests.support.tcp_proxy import TcpProxy
from tests.support.waiting import eventually

NAME = "killed-mid-push"


@pytest.fixture
async def proxied_scheduler(platform: Platform, e2e_amqp_url: str) -> AsyncIterator[TcpProxy]:
    """The scheduler restarted with its broker connection through a proxy; afterwards, restarted as the others."""
    broker = URL(e2e_amqp_url)
    proxy = TcpProxy(broker.host or "127.0.0.1", broker.port or 5672)
    await proxy.start()
    platform.kill("scheduler")
    await platform.restart("scheduler", AMQP_URL=str(broker.with_port(proxy.port)))
    try:
        yield proxy
    finally:
        await proxy.release()
        platform.kill("scheduler")
        await platform.restart("scheduler")
        await proxy.close()


async def schedule(api: Api, output_id: str, start: str = "NOW") -> dict[str, Any]:
    body = {"input_id": f"{NAME}-cam", "output_id": output_id, "start_time": start, "end_time": _in(30)}
    return dict((await api.post("/api/schedules", body)).ok(201))


async def versions(api: Api, made: dict[str, Any]) -> tuple[int, int]:
    """The newest set the scheduler computed for the environment, and the newest its agent said it holds (A206)."""
    status = (await api.get(f"{made['resource_uri']}/status")).ok()
    return status["set_version"], status["agent_set_version"]


def agent_said(platform: Platform, environment_id: str, event: str) -> list[dict[str, Any]]:
    lines = (json.loads(line) for line in platform.agent_log(environment_id).splitlines() if line.startswith("{"))
    return [line for line in lines if line.get("event") == event]


async def test_the_scheduler_killed_between_recompute_and_push_leaves_the_agent_on_the_newest_set(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]], e2e_amqp_url: str, proxied_scheduler: TcpProxy
) -> None:
    api, _ = broadcaster
    environment_id, kept = await scheduled_studio(api, NAME)
    base = f"/api/customer_environment/{environment_id}"
    for output_id in (f"{NAME}-gone", f"{NAME}-flash"):
        (await api.post(f"{base}/outputs/srt_listener", {"id": output_id})).ok(201)
    gone = await eventually(lambda: schedule(api, f"{NAME}-gone"), within=20)
    flash = await eventually(lambda: schedule(api, f"{NAME}-flash", start=_in(20)), within=20)
    connection = await aio_pika.connect_robust(e2e_amqp_url)
    pushes = await tap(await connection.channel(), binding_for(ApplyScheduleSet)[0],
                       f"{environment_id}.cenv.ApplyScheduleSet")  # fmt: skip

    async def running(outputs: set[str]) -> dict[str, Any]:
        dump = (await api.get(f"{base}/schedules/dump")).ok()
        assert dump["agree"] and set(dump["agent"]["running"]) == outputs, dump
        return dict(dump)

    await eventually(lambda: running({f"{NAME}-out", f"{NAME}-gone"}), within=30)
    before = held_by_agent(platform, environment_id)["version"]

    proxied_scheduler.hold()
    ends = [_in(31 + i) for i in range(10)]
    for end in ends:
        (await api.patch(kept["resource_uri"], {"end_time": end})).ok()
    (await api.patch(flash["resource_uri"], {"start_time": "NOW"})).ok()  # due now, then gone before it is pushed
    (await api.delete(flash["resource_uri"])).ok(204)
    (await api.delete(gone["resource_uri"])).ok(204)
    newest = before + len(ends) + 3
    assert await versions(api, kept) == (newest, before), "every set computed and committed, none pushed"
    assert held_by_agent(platform, environment_id)["version"] == before
    platform.kill("scheduler")
    await proxied_scheduler.release()
    await platform.restart("scheduler", AMQP_URL=str(URL(e2e_amqp_url).with_port(proxied_scheduler.port)))

    dump = await eventually(lambda: running({f"{NAME}-out"}), within=60)
    assert dump["scheduler"]["version"] == dump["agent"]["version"] == newest, dump
    [entry] = held_by_agent(platform, environment_id)["entries"]
    assert (entry["schedule_id"], entry["end"][:19]) == (kept["id"], ends[-1][:19])
    await eventually(lambda: _acknowledged(api, kept, newest), within=30)

    pushed = [envelope["payload"]["version"] for envelope in await _all(pushes)]
    await connection.close()
    assert pushed == sorted(pushed) and pushed[-1] == newest, pushed
    applied = [line["version"] for line in agent_said(platform, environment_id, "schedule_set_applied")]
    assert applied == sorted(set(applied)) and applied[-1] == newest, applied
    started = {line.get("schedule_id") for line in agent_said(platform, environment_id, "output_started")}
    stopped = {line.get("schedule_id") for line in agent_said(platform, environment_id, "output_stopped")}
    assert flash["id"] not in started, "the schedule made due and deleted while the pushes were held never ran"
    assert gone["id"] in stopped, "the schedule deleted while the pushes were held stopped"


async def _acknowledged(api: Api, made: dict[str, Any], version: int) -> None:
    assert await versions(api, made) == (version, version)


async def _all(queue: aio_pika.abc.AbstractQueue) -> list[dict[str, Any]]:
    received = []
    while (message := await queue.get(fail=False, no_ack=True)) is not None:
        received.append(json.loads(message.body))
    await queue.delete(if_unused=False, if_empty=False)
    return received
