"""The default prices billing starts with, in US dollars, and the rate each other currency is seeded at.

Environment hours follow the instance types of the environments service's catalogue, priced by size; stream
and output hours by bitrate band; permanent-schedule agreements by bitrate and months. Accounts users change
them afterwards (A018); a price seeded once is never seeded again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from billing.contract.pricing import BITRATES, DURATIONS, PriceKey
from billing.contract.schemas import Currency
from billing.domain.money import price

SEEDED_FROM = datetime(2020, 1, 1, tzinfo=UTC)
RATES: dict[Currency, Decimal] = {"usd": Decimal("1"), "gbp": Decimal("0.80"), "eur": Decimal("0.92")}
SMALL, MEDIUM, LARGE = Decimal("0.45"), Decimal("0.85"), Decimal("1.60")
INSTANCE_TYPES: dict[str, Decimal] = {
    "c5.large": SMALL, "c5.xlarge": MEDIUM, "c5.2xlarge": LARGE,
    "n2-standard-2": SMALL, "n2-standard-4": MEDIUM, "n2-standard-8": LARGE,
    "standard-f2s-v2": SMALL, "standard-f4s-v2": MEDIUM, "standard-f8s-v2": LARGE,
    "c-2": SMALL, "c-4": MEDIUM, "standard": Decimal("0"),
}  # fmt: skip
STREAM_HOUR_PER_MBPS = Decimal("0.02")
OUTPUT_HOUR_PER_MBPS = Decimal("0.03")
AGREEMENT_MONTH_PER_MBPS = Decimal("15")
MONTHS_DISCOUNT = {1: Decimal("1"), 3: Decimal("0.95"), 6: Decimal("0.90"), 12: Decimal("0.80")}


def _in_dollars() -> list[tuple[PriceKey, Decimal]]:
    usd: Currency = "usd"
    rows = [(PriceKey(currency=usd, item="environment_hours", instance_type=t), a) for t, a in INSTANCE_TYPES.items()]
    for b in BITRATES:
        rows.append((PriceKey(currency=usd, item="stream_hours", bitrate=b), STREAM_HOUR_PER_MBPS * b))
        rows.append((PriceKey(currency=usd, item="output_hours", bitrate=b), OUTPUT_HOUR_PER_MBPS * b))
        rows += [(PriceKey(currency=usd, item="permanent_schedule", bitrate=b, duration_months=m),
                  AGREEMENT_MONTH_PER_MBPS * b * m * MONTHS_DISCOUNT[m]) for m in DURATIONS]  # fmt: skip
    return rows


def default_prices() -> list[tuple[PriceKey, Decimal]]:
    """Every default price in every currency, converted at ``RATES`` and rounded as a price is (decision 46)."""
    return [(key.model_copy(update={"currency": currency}), price(amount * rate))
            for currency, rate in RATES.items() for key, amount in _in_dollars()]  # fmt: skip
