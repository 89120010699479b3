"""Stream and output hours (decision 78): an input's or output's intervals by band come from the set of its agent's
answers ordered by when they occurred, whatever their arrival order or repeats; they count only while the
environment is billed; cut at clock hours they sum to the whole; each side is priced at its item for the band."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from billing.contract.pricing import BITRATES, PriceKey
from billing.domain.defaults import default_prices
from billing.domain.endpoint_usage import (
    SIDES,
    BandInterval,
    EndpointChange,
    band,
    endpoint_intervals,
    owner_pays,
    while_billed,
)
from billing.domain.hours import Span
from billing.domain.metering import charge, spans_by_hour
from billing.domain.money import money
from billing.domain.prices import Version
from billing.domain.usage import Interval

T0 = datetime(2026, 3, 1, tzinfo=UTC)
END = T0 + timedelta(days=2)


@st.composite
def answers(draw: st.DrawFn) -> list[EndpointChange]:
    """Answers in the order they occurred; some share an instant."""
    n = draw(st.integers(1, 12))
    gaps = draw(st.lists(st.integers(0, 7200), min_size=n, max_size=n))
    at, found = T0, []
    for gap in gaps:
        at += timedelta(seconds=gap)
        found.append(EndpointChange(at, draw(st.booleans()), draw(st.sampled_from(BITRATES))))
    return found


def in_order(changes: list[EndpointChange]) -> list[BandInterval]:
    """A second reading: the band running just after each instant (a stop at the instant wins, then the top band)."""
    instants = sorted({c.occurred_at for c in changes})
    states = []
    for at in instants:
        now = [c for c in changes if c.occurred_at == at]
        states.append((at, None if any(not c.running for c in now) else max(c.bitrate for c in now)))
    found, open_ = [], None
    for at, state in states:
        if open_ and open_[1] != state:
            found.append(BandInterval(open_[0], at, open_[1]))
            open_ = None
        if state is not None and open_ is None:
            open_ = (at, state)
    return [*found, *([BandInterval(open_[0], None, open_[1])] if open_ else [])]


@given(answers(), st.randoms(use_true_random=False), st.integers(0, 5))
def test_any_arrival_order_with_repeats_gives_the_intervals_of_in_order_delivery(
    changes: list[EndpointChange], shuffler: object, repeats: int
) -> None:
    arrived = [*changes, *changes[:repeats]]
    shuffler.shuffle(arrived)  # type: ignore[attr-defined]
    assert endpoint_intervals(arrived) == endpoint_intervals(changes) == in_order(changes)


@given(answers())
def test_intervals_are_ordered_disjoint_and_each_in_one_band(changes: list[EndpointChange]) -> None:
    found = endpoint_intervals(changes)
    for earlier, later in pairwise(found):
        assert earlier.end is not None and earlier.end <= later.start
    assert all(i.end is None or i.start < i.end for i in found)
    assert all(i.bitrate in BITRATES for i in found)


def _inside(at: datetime, start: datetime, end: datetime | None) -> bool:
    return start <= at and (end is None or at < end)


billed_intervals = st.lists(st.tuples(st.integers(0, 40 * 3600), st.integers(1, 6 * 3600)), max_size=5).map(
    lambda pairs: _disjoint(sorted(pairs))
)


def _disjoint(pairs: list[tuple[int, int]]) -> list[Interval]:
    found: list[Interval] = []
    last = -1
    for start, length in pairs:
        if start > last:
            found.append(Interval(T0 + timedelta(seconds=start), T0 + timedelta(seconds=start + length)))
            last = start + length
    return found


@given(answers(), billed_intervals, st.lists(st.integers(0, 48 * 3600), min_size=1, max_size=30))
def test_an_endpoint_counts_exactly_while_it_runs_and_its_environment_is_billed(
    changes: list[EndpointChange], billed: list[Interval], probes: list[int]
) -> None:
    parts = [p for i in endpoint_intervals(changes) for p in while_billed(i, billed)]
    for probe in (T0 + timedelta(seconds=s) for s in probes):
        running = [i for i in endpoint_intervals(changes) if _inside(probe, i.start, i.end)]
        billed_then = any(_inside(probe, b.start, b.end) for b in billed)
        counted = [p for p in parts if _inside(probe, p.start, p.end)]
        assert len(counted) == (1 if running and billed_then else 0)
        assert [p.bitrate for p in counted] == [i.bitrate for i in running][: len(counted)]


@given(answers(), billed_intervals)
def test_endpoint_spans_cut_at_clock_hours_sum_to_the_whole(
    changes: list[EndpointChange], billed: list[Interval]
) -> None:
    window = Span(T0, END)
    parts = [p for i in endpoint_intervals(changes) for p in while_billed(i, billed)]
    cut = spans_by_hour((((p.bitrate, n), p.start, p.end) for n, p in enumerate(parts)), window)
    whole = sum((Span(p.start, min(p.end or END, END)).seconds for p in parts if p.start < END), Decimal(0))
    assert sum((s.seconds for spans in cut.values() for s in spans), Decimal(0)) == whole
    assert all(s.end - s.start <= timedelta(hours=1) for spans in cut.values() for s in spans)


PRICES = dict(default_prices())


@given(answers(), billed_intervals, st.sampled_from(sorted(SIDES)))
def test_each_hour_of_an_endpoint_costs_its_sides_band_price_for_the_time_it_ran_to_the_cent(
    changes: list[EndpointChange], billed: list[Interval], side: str
) -> None:
    parts = [p for i in endpoint_intervals(changes) for p in while_billed(i, billed)]
    by_hour = spans_by_hour(((p.bitrate, p.start, p.end) for p in parts), Span(T0, END))
    for (bitrate, _), spans in by_hour.items():
        price = PRICES[PriceKey(currency="usd", item=SIDES[side], bitrate=bitrate)]
        used = charge(spans, [Version(price, T0 - timedelta(days=1))], [])
        assert used.seconds <= 3600
        assert used.amount == money(price * used.seconds / 3600)


def test_inputs_are_priced_as_stream_hours_and_outputs_as_output_hours() -> None:
    assert SIDES == {"input": "stream_hours", "output": "output_hours"}
    stream, output = (PRICES[PriceKey(currency="usd", item=item, bitrate=10)] for item in SIDES.values())
    assert (stream, output) == (Decimal("0.20"), Decimal("0.30"))


def test_a_bitrate_is_billed_in_the_smallest_band_that_holds_it() -> None:
    assert [band(k) for k in (0, 1, 5000, 5001, 10_000, 49_999, 100_000, 250_000)] == [5, 5, 5, 10, 10, 50, 100, 100]


@given(st.integers(0, 1_000_000))
def test_the_band_holds_the_bitrate_unless_above_the_top(kbps: int) -> None:
    chosen = band(kbps)
    assert chosen in BITRATES
    assert chosen * 1000 >= kbps or chosen == BITRATES[-1]
    assert all(b * 1000 < kbps for b in BITRATES if b < chosen)


sources = st.lists(
    st.tuples(st.integers(-3600, 40 * 3600).map(lambda s: T0 + timedelta(seconds=s)),
              st.sampled_from(["source_owner", "destination_taker"])),
    max_size=6,
)  # fmt: skip


@given(answers(), sources, st.lists(st.integers(0, 48 * 3600), min_size=1, max_size=20))
def test_a_guests_output_is_cut_where_who_pays_changes_and_each_instant_paid_by_the_source_in_force(
    changes: list[EndpointChange], billing: list[tuple[datetime, str]], probes: list[int]
) -> None:
    for output in endpoint_intervals(changes):
        parts = owner_pays(output, billing)
        assert parts[0][0].start == output.start and parts[-1][0].end == output.end
        for (earlier, _), (later, _) in pairwise(parts):
            assert earlier.end == later.start
        for probe in (T0 + timedelta(seconds=s) for s in probes):
            if not _inside(probe, output.start, output.end):
                continue
            known = [at for at, _ in billing if at <= probe]
            latest = max(known, default=None)
            expected = latest is not None and all(s == "source_owner" for at, s in billing if at == latest)
            [paid] = [by_owner for part, by_owner in parts if _inside(probe, part.start, part.end)]
            assert paid == expected
