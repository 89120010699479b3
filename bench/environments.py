"""Figure 8: environments created at once through the gateway (local driver) until all are running, and agent memory.

The baseline is one environment created alone on the same platform. Times come from each environment's event
history (requested → agent provisioned); memory is each agent process's RSS divided by the environments it runs.
"""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from datetime import datetime

import psutil

from bench.shared_process import rss_per_environment_in_one_process
from bench.stage import Stage, create_and_wait, delete_all
from bench.table import Figure, Target, compared, say
from common.bus.management import RabbitManagement
from tests.support.api import Api

STATS_LAG_SECONDS = 6  # the management API's counters trail by its statistics interval (5 s)


async def published(management_url: str, vhost: str) -> int:
    async with RabbitManagement(management_url) as api:
        overview = await api._call("GET", f"vhosts/{vhost}")
    return int((overview.get("message_stats") or {}).get("publish", 0))


async def history(api: Api, environment_id: str) -> tuple[datetime, datetime, datetime]:
    """When the service recorded: the request, the agent launched, and the agent's first report (running)."""
    entries = (await api.get(f"/api/customer_environment/{environment_id}/history")).ok()["objects"]
    at = {entry["event"]: datetime.fromisoformat(entry["at"]) for entry in entries}
    return at["EnvironmentRequested"], at["ProvisioningStarted"], at["AgentProvisioned"]


def rss_mib(stage: Stage, environment_ids: list[str]) -> dict[str, float]:
    """Each environment's share of its agent process's RSS (agents sharing a process split it)."""
    pids = {e: stage.platform.agent_pid(e) for e in environment_ids}
    alive = {e: pid for e, pid in pids.items() if pid is not None and psutil.pid_exists(pid)}
    sharing = Counter(alive.values())
    return {e: psutil.Process(pid).memory_info().rss / 2**20 / sharing[pid] for e, pid in alive.items()}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


async def figures(stage: Stage, count: int) -> list[Figure]:
    admin, management = stage.admin, stage.servers.management_url
    baseline_id, _, _ = await stage.first_environment()
    await asyncio.sleep(STATS_LAG_SECONDS)
    before = await published(management, stage.vhost)
    results = await asyncio.gather(*(create_and_wait(admin, f"bench-{i}") for i in range(count)))
    await asyncio.sleep(STATS_LAG_SECONDS)
    messages = (await published(management, stage.vhost) - before) / count
    ids = [environment_id for environment_id, _, _ in results]
    memory = rss_mib(stage, [baseline_id, *ids])
    if len(memory) != count + 1:
        raise RuntimeError(f"found {len(memory)} of {count + 1} agent processes")
    load = [memory[e] for e in ids]
    times = [await history(admin, e) for e in ids]
    requested, _, running = await history(admin, baseline_id)
    baseline = (running - requested).total_seconds()
    all_running = (max(t[2] for t in times) - min(t[0] for t in times)).total_seconds()
    each = [(t[2] - t[0]).total_seconds() for t in times]
    say(f"one environment alone: {baseline:.2f} s requested → running, agent RSS {memory[baseline_id]:.1f} MiB")
    say(f"{count} at once: first request → last running {all_running:.2f} s (client saw all running after "
        f"{max(t for _, t, _ in results):.1f} s); per environment median {statistics.median(each):.2f} s, "
        f"p95 {p95(each):.2f} s")  # fmt: skip
    say(f"  of which request → agent launched: median "
        f"{statistics.median((t[1] - t[0]).total_seconds() for t in times):.2f} s; launched → first report: "
        f"median {statistics.median((t[2] - t[1]).total_seconds() for t in times):.2f} s")  # fmt: skip
    say(f"  create requests retried after a 503 or 409 (Retry-After honoured): {sum(r for _, _, r in results)}")
    say(f"  broker messages per environment, request → running: {messages:.1f}")
    say(f"  agent RSS per environment: median {statistics.median(load):.1f} MiB, max {max(load):.1f} MiB")
    await delete_all(admin, ids)
    shared = await rss_per_environment_in_one_process(stage.amqp_url, management, count)
    say(f"  {count} agents packed into one process (--environments-file): {shared:.1f} MiB per environment")
    return [
        compared(f"{count} environments at once → all running, vs one alone", "s", [baseline], [all_running],
                 Target(at_most=5)),
        compared(f"agent RSS per environment (max of {count}), vs one alone", "MiB", [memory[baseline_id]],
                 [max(load)], Target(at_most=30)),
    ]  # fmt: skip
