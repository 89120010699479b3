"""Admission: a sender gets its burst, then its rate; a message too large is refused whatever the rate."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from common.bus.admission import TokenBuckets, environment_of_routing_key, per_sender


@dataclass
class Incoming:
    body: bytes
    routing_key: str


@given(
    rate=st.floats(0.5, 50),
    burst=st.integers(1, 50),
    gaps=st.lists(st.floats(0, 2), min_size=1, max_size=300),
)
def test_no_sender_is_admitted_more_than_its_burst_plus_its_rate(rate: float, burst: int, gaps: list[float]) -> None:
    buckets, now, admitted = TokenBuckets(rate, burst), 0.0, 0
    for gap in gaps:
        now += gap
        admitted += buckets.take("flooder", now)
    assert admitted <= burst + rate * now + 1e-9


def test_a_quiet_sender_is_never_refused_and_senders_do_not_share_a_bucket() -> None:
    buckets = TokenBuckets(rate=1, burst=5)
    assert all(buckets.take("quiet", now=float(t)) for t in range(100))  # one a second, forever
    assert [buckets.take("flooder", now=0) for _ in range(6)] == [True] * 5 + [False]
    assert buckets.take("someone-else", now=0)


def test_admission_names_why_a_message_is_dropped() -> None:
    admit = per_sender(1024, TokenBuckets(rate=1, burst=1), environment_of_routing_key)
    assert admit(Incoming(b"x" * 2048, "env-1.cenv.Heartbeat")) == "too_large"  # type: ignore[arg-type]
    assert admit(Incoming(b"{}", "env-1.cenv.Heartbeat")) is None  # type: ignore[arg-type]
    assert admit(Incoming(b"{}", "env-1.cenv.Heartbeat")) == "throttled"  # type: ignore[arg-type]
    assert admit(Incoming(b"{}", "env-2.cenv.Heartbeat")) is None  # type: ignore[arg-type]
