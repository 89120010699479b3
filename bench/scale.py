"""How much work each figure does: the full run (``make bench``) and ``--quick`` for development."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    rounds: int  # interleaved baseline/subject rounds for the store figures
    appends_per_writer: int  # transactions per writer per round, 8 writers
    appends_sequential: int  # transactions per round, 1 writer
    read_events: int
    relay_events: int
    relay_rounds: int
    wrk_seconds: int
    http_rounds: int
    environments: int
    stream_environments: int  # the baseline of figure 9
    endpoints: int
    starts: int  # outputs started one at a time (figure 10)
    media_runs: int  # schedule starts measured with real media (figure 11)
    media_cycles: int  # media start/stop cycles checked for leaks (figure 14)
    alert_raises: int  # raises timed from sample to email (figure 15)
    active_alerts: int  # alerts evaluated at once (figure 16)
    burst: int  # schedule changes on one c_env (figure 19)
    replication_samples: int  # changes on one c_env of an idle platform, one at a time (figure 23)
    replication_environments: int  # c_envs changed at once (figure 24)
    replication_rounds: int  # of one change on each of them
    billing_hours: int  # one organisation's hourly consumption lines, 10 items each (figures 20-21)
    billing_requests: int  # of each report and its raw SQL, for p50 and p99
    billing_organisations: int  # closed by each round of the hourly run (figure 22)
    billing_rounds: int


FULL = Scale(
    rounds=5,
    appends_per_writer=250,
    appends_sequential=1000,
    read_events=20_000,
    relay_events=5_000,
    relay_rounds=3,
    wrk_seconds=10,
    http_rounds=3,
    environments=50,
    stream_environments=20,
    endpoints=1000,
    starts=100,
    media_runs=20,
    media_cycles=1000,
    alert_raises=20,
    active_alerts=10_000,
    burst=1000,
    replication_samples=200,
    replication_environments=50,
    replication_rounds=5,
    billing_hours=9000,
    billing_requests=200,
    billing_organisations=1000,
    billing_rounds=3,
)
QUICK = Scale(
    rounds=3,
    appends_per_writer=50,
    appends_sequential=200,
    read_events=4_000,
    relay_events=1_000,
    relay_rounds=2,
    wrk_seconds=3,
    http_rounds=1,
    environments=10,
    stream_environments=8,
    endpoints=200,
    starts=20,
    media_runs=5,
    media_cycles=50,
    alert_raises=20,
    active_alerts=1_000,
    burst=200,
    replication_samples=40,
    replication_environments=10,
    replication_rounds=3,
    billing_hours=9000,
    billing_requests=40,
    billing_organisations=1000,
    billing_rounds=2,
)
