"""Money is ``Decimal``, never float (decision 46).

Amounts people send are refused, not rounded, when they carry more places than allowed (the contract checks
that). Amounts billing computes itself are rounded once, half away from zero: a price to ``PRICE_PLACES``, a
sum owed or credited to the currency's minor unit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PRICE_PLACES = Decimal("0.0001")
MINOR_UNIT = Decimal("0.01")


def price(amount: Decimal) -> Decimal:
    return amount.quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> Decimal:
    return amount.quantize(MINOR_UNIT, rounding=ROUND_HALF_UP)
