"""``make bench``: 50 environments created at once through the gateway, with the local driver.

Reports, per environment, the time from the create request until the environment is running
(median and p95), broker messages, and agent memory (RSS). The baseline is one environment created
alone in the same run, on the same platform; the load figures are also given as ratios to it.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from bench.shared_process import rss_per_environment_in_one_process
from common.bus.management import RabbitManagement, management_url_for
from tests.support import infra
from tests.support.api import Api
from tests.support.platform import Platform, start_platform

# heartbeats every 60 s keep them out of the message count of the creation window
TIMINGS = {
    "SWITCHYARD_RELAY_POLL_SECONDS": "0.2",
    "SWITCHYARD_SWEEP_SECONDS": "1",
    "SWITCHYARD_HEARTBEAT_SECONDS": "60",
}
POLL_SECONDS = 1.0  # per-environment times come from the event history, so polling only has to notice the end
STATS_LAG_SECONDS = 6  # the management API's counters trail by its statistics interval (5 s)


async def until_running(api: Api, environment_id: str, started: float, limit: float = 300) -> float:
    while time.monotonic() - started < limit:
        body = (await api.get(f"/api/customer_environment/{environment_id}")).ok()
        if body["state"] == "running":
            return time.monotonic() - started
        if body["state"] == "failed":
            raise RuntimeError(f"{environment_id} failed: {body['state_reason']}")
        await asyncio.sleep(POLL_SECONDS)
    raise TimeoutError(f"{environment_id} not running after {limit} s")


async def create_and_wait(api: Api, name: str) -> tuple[str, float]:
    started = time.monotonic()
    environment_id = (await api.post("/api/customer_environment", {"name": name})).ok(201)["id"]
    return environment_id, await until_running(api, environment_id, started)


async def published(management_url: str, vhost: str) -> int:
    async with RabbitManagement(management_url) as api:
        overview = await api._call("GET", f"vhosts/{vhost}")
    return int((overview.get("message_stats") or {}).get("publish", 0))


async def phase_seconds(api: Api, environment_id: str) -> tuple[float, float, float]:
    """Recorded by the service: request to agent launched, launched to the agent's first report, and in all."""
    history = (await api.get(f"/api/customer_environment/{environment_id}/history")).ok()["objects"]
    at = {entry["event"]: datetime.fromisoformat(entry["at"]) for entry in history}
    requested, started, running = at["EnvironmentRequested"], at["ProvisioningStarted"], at["AgentProvisioned"]
    return (
        (started - requested).total_seconds(),
        (running - started).total_seconds(),
        (running - requested).total_seconds(),
    )


def rss_mb(platform: Platform, environment_ids: list[str]) -> list[float]:
    sizes = []
    for environment_id in environment_ids:
        pid = platform.agent_pid(environment_id)
        if pid is not None and psutil.pid_exists(pid):
            sizes.append(psutil.Process(pid).memory_info().rss / 2**20)
    return sizes


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


async def measure(platform: Platform, servers: infra.Servers, vhost: str, count: int) -> dict[str, Any]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        admin = await Api(session, platform.gateway_url).login(platform.admin_email, platform.admin_password)
        (await admin.post("/api/organisations", {"name": "Bench Broadcasting"})).ok(201)
        admin = await Api(session, platform.gateway_url).login(platform.admin_email, platform.admin_password)
        baseline_id, _ = await create_and_wait(admin, "baseline")
        await asyncio.sleep(STATS_LAG_SECONDS)
        before = await published(servers.management_url, vhost)
        results = await asyncio.gather(*(create_and_wait(admin, f"bench-{i}") for i in range(count)))
        await asyncio.sleep(STATS_LAG_SECONDS)
        after = await published(servers.management_url, vhost)
        ids = [i for i, _ in results]
        memory = rss_mb(platform, ids)
        phases = [await phase_seconds(admin, environment_id) for environment_id in ids]
        times = [p[2] for p in phases]
        baseline = (await phase_seconds(admin, baseline_id))[2]
        return {
            "all_running_seconds": max(t for _, t in results),
            "queued_to_launched_median": statistics.median(p[0] for p in phases),
            "launched_to_running_median": statistics.median(p[1] for p in phases),
            "baseline_seconds": baseline,
            "median_seconds": statistics.median(times),
            "p95_seconds": p95(times),
            "messages_per_environment": (after - before) / count,
            "agent_rss_mb_median": statistics.median(memory),
            "agent_rss_mb_max": max(memory),
            "baseline_rss_mb": rss_mb(platform, [baseline_id])[0],
        }


def report(count: int, figures: dict[str, Any]) -> str:
    base = figures["baseline_seconds"]
    return "\n".join([
        f"{count} environments created concurrently through the gateway (local driver):",
        f"  baseline, one environment alone: {base:.2f} s to running, agent RSS {figures['baseline_rss_mb']:.1f} MiB",
        f"  time to running per environment: median {figures['median_seconds']:.2f} s "
        f"({figures['median_seconds'] / base:.1f}x baseline), p95 {figures['p95_seconds']:.2f} s "
        f"({figures['p95_seconds'] / base:.1f}x baseline); all seen running by the client after "
        f"{figures['all_running_seconds']:.1f} s",
        f"    of which request to agent launched: median {figures['queued_to_launched_median']:.2f} s, "
        f"launched to its first report: median {figures['launched_to_running_median']:.2f} s",
        f"  broker messages per environment, create to running: {figures['messages_per_environment']:.1f}",
        f"  agent RSS per environment: median {figures['agent_rss_mb_median']:.1f} MiB, "
        f"max {figures['agent_rss_mb_max']:.1f} MiB; with all {count} agents in one process: "
        f"{figures['shared_rss_mb']:.1f} MiB per environment",
    ])  # fmt: skip


async def main(count: int) -> None:
    servers = infra.locate_servers()
    name = f"sy_bench_{secrets.token_hex(4)}"
    database_url = await infra.create_database(servers.database_url, name)
    amqp_url = await infra.create_vhost(servers.management_url, servers.amqp_url, name)
    workdir = Path(tempfile.mkdtemp(prefix="switchyard-bench-"))
    management = servers.management_url or management_url_for(amqp_url)
    platform = start_platform(database_url, amqp_url, management, secrets.token_hex(32), workdir, **TIMINGS)
    try:
        await platform.supervisor.wait_ready(120)
        figures = await measure(platform, servers, name, count)
        figures["shared_rss_mb"] = await rss_per_environment_in_one_process(amqp_url, servers.management_url, count)
        print(report(count, figures))  # noqa: T201 (the benchmark's report)
    finally:
        platform.supervisor.stop()
        await infra.delete_vhost(servers.management_url, name)
        await infra.drop_database(servers.database_url, name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--environments", type=int, default=50)
    asyncio.run(main(parser.parse_args().environments))
