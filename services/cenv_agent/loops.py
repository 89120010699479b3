"""What an agent does on its own, beside the commands it is sent: its heartbeats and statistics, the schedule ticks
that drive the media, the sessions it reports, a watch on its broker connection and a first call to the platform."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog

from cenv_agent import endpoints, media, statistics
from cenv_agent import state as disk
from cenv_agent.contract.messages import AgentHeartbeat, Load, Side
from cenv_agent.drivers.plan import plan
from cenv_agent.schedules import TICK_SECONDS, ask_for_refresh
from common.bus.publisher import Returned
from common.logging import get_logger

if TYPE_CHECKING:
    from cenv_agent.agent import Agent

log = get_logger(__name__)


async def report_statistics_forever(agent: Agent) -> None:
    while True:
        await asyncio.sleep(agent.settings.statistics_seconds)
        with contextlib.suppress(Exception):  # a report lost while reconnecting is just a missed sample
            await report_statistics(agent)


async def report_statistics(agent: Agent) -> None:
    """One interval: the bitrate guard first (a stopped input reports as stopped), then every sample."""
    async with agent.commands_lock:
        now, before = time.time(), statistics.remembered(agent.state)
        statistics.count(agent.state, now)
        guarded = statistics.guarded(agent.state, agent.environment_id, now, agent.driver)
        if statistics.remembered(agent.state) != before:
            disk.save(agent.state_dir, agent.state)
        samples = statistics.samples(agent.state, now, agent.driver)
    agent.unreported_guards += guarded
    while agent.unreported_guards:  # what the guard did is reported at the next interval if it cannot be now
        report = agent.unreported_guards[0]
        await agent.publish(report)
        agent.unreported_guards.pop(0)
        log.warning("input_guarded", report=report.TYPE, input_id=getattr(report, "input_id", None))
    for report in media.reports(agent.environment_id, datetime.fromtimestamp(now, UTC), samples):
        await agent.publish(report)


async def run_schedules(agent: Agent) -> None:
    # the media processes' tasks start from this one: their log lines name the environment (a host runs many)
    structlog.contextvars.bind_contextvars(environment_id=str(agent.environment_id))
    while True:
        await drive_media(agent)
        await asyncio.sleep(TICK_SECONDS)


async def report_sessions_forever(agent: Agent) -> None:
    # apart from the schedule ticks: a publish waiting out a broker outage must not hold the media back
    while True:
        await report_sessions(agent)
        await asyncio.sleep(TICK_SECONDS)


async def drive_media(agent: Agent, now: datetime | None = None) -> None:
    """One tick: the schedule set says which output each input feeds now, the media driver makes it so."""
    now = now or datetime.now(UTC)
    stopped = agent.schedules.tick(agent.state.media_state == "running", now)
    agent.sessions.follow(agent.schedules.live, stopped, now)
    if agent.driver.realises:
        try:
            async with agent.media_lock:
                await agent.driver.realise(plan(agent.state, agent.schedules.live, agent.secrets_of))
        except Exception as exc:  # noqa: BLE001 (the next tick tries again; the schedules must keep running)
            log.error("media_not_realised", error=repr(exc))


async def report_sessions(agent: Agent) -> None:
    """Each ended session once; one not published now (the broker away, say) goes at a later tick."""
    while agent.sessions.unreported:
        try:
            await agent.publish(agent.sessions.unreported[0])
        except Returned:  # no platform service records sessions: nobody to tell
            log.warning("output_session_unrouted", session_id=str(agent.sessions.unreported[0].session_id))
        except Exception as exc:  # noqa: BLE001 (kept for the next tick)
            log.warning("output_session_not_reported", error=repr(exc))
            return
        agent.sessions.unreported.pop(0)


async def heartbeats(agent: Agent) -> None:
    agent.process.cpu_percent()
    while True:
        await asyncio.sleep(agent.settings.heartbeat_seconds)
        load = Load(cpu_percent=agent.process.cpu_percent(), memory_rss_bytes=agent.process.memory_info().rss,
                    inputs=running(agent, "input"), outputs=running(agent, "output"))  # fmt: skip
        with contextlib.suppress(Exception):  # a beat lost while reconnecting is just a missed beat
            await agent.publish(AgentHeartbeat(environment_id=agent.environment_id, boot_id=agent.boot_id,
                                              media_state=agent.state.media_state, load=load,
                                              sequence=agent.next_sequence()))  # fmt: skip


def running(agent: Agent, side: Side) -> int:
    """How many of the side's endpoints have their media running (held, started, on running media)."""
    guarded = agent.state.stopped_inputs if side == "input" else {}
    return sum(endpoints.runs(held, agent.state.media_state) and endpoint_id not in guarded
               for endpoint_id, held in agent.state.held(side).items())  # fmt: skip


async def watchdog(agent: Agent) -> None:
    """Give up when the broker has been unreachable for too long (the credentials were revoked, say)."""
    assert agent.connection is not None
    loop, since = asyncio.get_running_loop(), None
    while True:
        await asyncio.sleep(1)
        connected = agent.connection.connected.is_set()
        since = None if connected else since or loop.time()
        if since is not None and loop.time() - since > agent.settings.give_up_seconds:
            log.error("agent_giving_up", disconnected_seconds=round(loop.time() - since))
            agent.finished.set()
            return


async def call_platform(agent: Agent) -> None:
    """Check the environment's system identity works: read our own environment through the gateway."""
    if not (agent.settings.gateway_url and agent.settings.api_key):
        return
    import aiohttp  # imported only here: it is a quarter of an agent's start-up time

    url = f"{agent.settings.gateway_url.rstrip('/')}/api/customer_environment/{agent.environment_id}"
    headers = {"Authorization": f"Bearer {agent.settings.api_key.get_secret_value()}"}
    try:
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url, headers=headers) as response:
            log.info("platform_identity_checked", status=response.status)
    except aiohttp.ClientError as exc:
        log.warning("platform_unreachable", error=repr(exc))
    await ask_for_refresh(agent.settings.gateway_url, agent.settings.api_key.get_secret_value(), agent.environment_id,
                          agent.settings.instance_type)  # fmt: skip
