"""``make bench``: one table of figures, each measured against a baseline run in the same process and run.

    python -m bench [--quick] [--only append,read,relay] [--environments N]

Figures (``--only`` names): append, append-seq, eventsourcing (bench/store.py), read (bench/reads.py), relay
(bench/relay.py), user, environment (through the gateway, bench/http.py), environments (bench/environments.py),
streams (bench/streams.py), starts (bench/starts.py), pushes (bench/pushes.py), media (bench/media.py: real ffmpeg,
no platform), alert-latency, alert-evaluation (bench/alerts.py), recompute (bench/recompute.py, in process), billing
(bench/billing.py: consumption reports and the hourly run), replication (a change → the agent holds the set,
bench/replication.py). Groups: store, http, platform, alerts. Raw numbers are printed as they are measured, the
table at the end. Store and relay figures run on a database and vhost of their own, the
platform on another pair, alerts on a third; all are removed after.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import secrets
import traceback
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

from bench import (
    alerts,
    billing,
    environments,
    http,
    media,
    pushes,
    recompute,
    relay,
    replication,
    starts,
    store,
    streams,
)
from bench.scale import FULL, QUICK, Scale
from bench.stage import staged
from bench.table import Figure, render, say
from tests.support import infra

PLATFORM = (*http.NAMES, "environments", "streams", "starts", *pushes.NAMES, *replication.NAMES)
NAMES = (*store.NAMES, "relay", *billing.NAMES, *PLATFORM, "media", *alerts.NAMES, *recompute.NAMES)
GROUPS = {"store": store.NAMES, "http": http.NAMES, "platform": PLATFORM, "alerts": alerts.NAMES}


def chosen(only: str | None) -> set[str]:
    if not only:
        return set(NAMES)
    names: set[str] = set()
    for name in (n.strip() for n in only.split(",") if n.strip()):
        if name not in NAMES and name not in GROUPS:
            raise SystemExit(f"unknown figure {name!r}; choose from {', '.join(NAMES + tuple(GROUPS))}")
        names.update(GROUPS.get(name, (name,)))
    return names


@asynccontextmanager
async def scratch(servers: infra.Servers, name: str) -> AsyncIterator[tuple[str, str]]:
    """A database and a vhost of this run's own, removed afterwards whatever happened."""
    try:
        database_url = await infra.create_database(servers.database_url, name)
        yield database_url, await infra.create_vhost(servers.management_url, servers.amqp_url, name)
    finally:
        await infra.delete_vhost(servers.management_url, name)
        await infra.drop_database(servers.database_url, name)


class Run:
    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.failures: list[str] = []

    async def measure(self, label: str, figures: Awaitable[list[Figure]]) -> None:
        """A figure that cannot be measured is reported as such; the others still are."""
        try:
            self.figures += await figures
        except Exception as exc:  # noqa: BLE001 (reported below the table)
            traceback.print_exc()
            self.failures.append(f"{label}: {exc!r}")


async def main(wanted: set[str], scale: Scale) -> int:
    servers = infra.locate_servers()
    name, run = f"sy_bench_{secrets.token_hex(4)}", Run()
    say(
        f"{'quick' if scale is QUICK else 'full'} run of {', '.join(n for n in NAMES if n in wanted)} on "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (figures are ratios to same-run baselines)"
    )
    if wanted & {*store.NAMES, "relay", *billing.NAMES}:
        async with scratch(servers, name) as (database_url, amqp_url):
            if wanted & set(store.NAMES):
                say("-- event store: appends and reads (figures 1-4)")
                await run.measure("store", store.figures(database_url, scale, wanted))
            if "relay" in wanted:
                say("-- outbox relay (figure 5)")
                await run.measure("relay", relay.figures(database_url, amqp_url, scale))
            if "billing" in wanted:
                say(f"-- billing: reports over {scale.billing_hours} hours × 10 items, the hourly run of "
                    f"{scale.billing_organisations} organisations (figures 20-22)")  # fmt: skip
                await run.measure("billing", billing.figures(database_url, amqp_url, scale.billing_hours,
                                                             scale.billing_requests, scale.billing_organisations,
                                                             scale.billing_rounds))  # fmt: skip
    if wanted & set(alerts.NAMES):
        async with scratch(servers, f"{name}_alerts") as (database_url, amqp_url):
            say("-- alerts: sample to email, evaluation (figures 15-16)")
            await run.measure("alerts", alerts.figures(database_url, amqp_url, servers.management_url, scale, wanted))
    if "recompute" in wanted:
        say("-- the full schedule set of one c_env recomputed, 1k/10k/100k entries (figures 17-18)")
        await run.measure("recompute", recompute.figures(scale))
    if wanted & set(PLATFORM):
        try:
            async with staged(servers, f"{name}_platform") as stage:
                failed = len(run.failures)
                if wanted & set(http.NAMES):
                    say(f"-- through the gateway, wrk -t2 -c32 -d{scale.wrk_seconds}s (figures 6-7)")
                    await run.measure("http", http.figures(stage, scale, wanted))
                if "environments" in wanted:
                    say(f"-- {scale.environments} environments at once (figure 8)")
                    await run.measure("environments", environments.figures(stage, scale.environments))
                if "streams" in wanted:
                    say(f"-- {scale.endpoints} inputs and outputs on one environment (figure 9)")
                    await run.measure("streams", streams.figures(stage, scale.stream_environments, scale.endpoints))
                if "starts" in wanted:
                    say(f"-- {scale.starts} outputs started one at a time (figure 10)")
                    await run.measure("starts", starts.figures(stage, scale.starts))
                if "pushes" in wanted:
                    say(f"-- a burst of {scale.burst} schedule changes on one c_env (figure 19)")
                    await run.measure("pushes", pushes.figures(stage, scale.burst))
                if "replication" in wanted:
                    say(
                        f"-- a change → the agent holds the set: {scale.replication_samples} on an idle platform, "
                        f"{scale.replication_environments} c_envs × {scale.replication_rounds} at once (figures 23-24)"
                    )
                    await run.measure(
                        "replication",
                        replication.figures(
                            stage, scale.replication_samples, scale.replication_environments, scale.replication_rounds
                        ),
                    )
                stage.keep_logs = len(run.failures) > failed
        except Exception as exc:  # noqa: BLE001 (the platform did not start or stop)
            traceback.print_exc()
            run.failures.append(f"platform: {exc!r}")
    if "media" in wanted:
        say(f"-- real media: {scale.media_runs} schedule starts, {scale.media_cycles} cycles (figures 11-14)")
        await run.measure("media", media.figures(scale.media_runs, scale.media_cycles))
    say(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    say(render(run.figures))
    for failure in run.failures:
        say(f"NOT MEASURED {failure}")
    return 1 if run.failures else 0


def arguments() -> tuple[set[str], Scale]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help=f"comma-separated figures or groups: {', '.join(NAMES + tuple(GROUPS))}")
    parser.add_argument("--quick", action="store_true", help="smaller N and fewer, shorter rounds (development)")
    parser.add_argument("--environments", type=int, help="environments created at once (figure 8)")
    args = parser.parse_args()
    scale = QUICK if args.quick else FULL
    if args.environments:
        scale = dataclasses.replace(scale, environments=args.environments)
    return chosen(args.only), scale


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(*arguments())))
