"""The price in force at an instant is the latest version whose valid_from is not after it; an organisation's
custom price in force wins over the default; new versions never reprice the past."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from billing.contract.pricing import PriceKey
from billing.domain import prices
from billing.domain.prices import Version
from common.errors import Invalid

START = datetime(2024, 1, 1, tzinfo=UTC)
KEY = PriceKey(currency="usd", item="stream_hours", bitrate=10)
instants = st.integers(min_value=0, max_value=10_000).map(lambda minutes: START + timedelta(minutes=minutes))
amounts = st.decimals(min_value=0, max_value=1000, places=4)
histories = st.lists(st.builds(Version, amounts, instants), max_size=8, unique_by=lambda v: v.valid_from)


def _naive(versions: list[Version], at: datetime) -> Version | None:
    """What "in force" means, spelled out: walk the versions in time order, keep the last one started."""
    current = None
    for version in sorted(versions, key=lambda v: v.valid_from):
        if version.valid_from <= at:
            current = version
    return current


@given(histories, instants)
def test_the_price_in_force_is_the_latest_version_started(versions: list[Version], at: datetime) -> None:
    assert prices.in_force(versions, at) == _naive(versions, at)


@given(histories, histories, instants)
def test_a_custom_price_in_force_wins_over_the_default(default: list[Version], custom: list[Version],
                                                       at: datetime) -> None:  # fmt: skip
    quoted = prices.quote(default, custom, at)
    own, general = _naive(custom, at), _naive(default, at)
    expected = (own, True) if own is not None else (None if general is None else (general, False))
    assert quoted == expected


@given(histories, instants, amounts)
def test_a_new_version_leaves_every_earlier_instant_priced_as_before(
    versions: list[Version], now: datetime, amount: Decimal
) -> None:
    assume(all(v.valid_from != now for v in versions))
    added = prices.add_version(versions, KEY, None, amount, None, now)
    after = [*versions, *prices.fold(added)]
    for earlier in [v.valid_from for v in versions if v.valid_from < now] + [now - timedelta(seconds=1)]:
        assert prices.in_force(after, earlier) == prices.in_force(versions, earlier)
    assert prices.in_force(after, now) == Version(amount, now)


def test_a_version_may_not_start_in_the_past_nor_when_another_does() -> None:
    for versions, valid_from in (((), START - timedelta(seconds=1)), ((Version(Decimal(1), START),), START)):
        with pytest.raises(Invalid) as refused:
            prices.add_version(versions, KEY, None, Decimal(2), valid_from, START)
        assert refused.value.field == "valid_from"


def test_the_price_list_marks_custom_prices_and_skips_prices_not_yet_in_force() -> None:
    other = PriceKey(currency="usd", item="stream_hours", bitrate=20)
    default = {KEY: [Version(Decimal(1), START)], other: [Version(Decimal(2), START + timedelta(days=1))]}
    custom = {KEY: [Version(Decimal("0.5"), START)]}
    assert prices.price_list(default, custom, START) == [(KEY, Version(Decimal("0.5"), START), True)]


def test_a_price_key_names_what_its_item_is_priced_by() -> None:
    with pytest.raises(ValueError):
        PriceKey(currency="usd", item="environment_hours", bitrate=10)
    with pytest.raises(ValueError):
        PriceKey(currency="usd", item="permanent_schedule", bitrate=10, duration_months=2)
