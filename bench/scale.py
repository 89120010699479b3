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
    billing_hours: int  # one organisation's hourly consumption lines, 10 items each (figures 11-12)
    billing_requests: int  # of each report and its raw SQL, for p50 and p99
    billing_organisations: int  # closed by each round of the hourly run (figure 13)
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
    billing_hours=9000,
    billing_requests=40,
    billing_organisations=1000,
    billing_rounds=2,
)
