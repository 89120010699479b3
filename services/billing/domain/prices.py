"""Prices as versions: a price (default, or an organisation's custom one) is the history of what it cost from
when. The price in force at an instant is the latest version whose ``valid_from`` is not after it; an
organisation's custom price in force wins over the default one.

A new version may not start in the past, so every period already priced keeps the price it had.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from billing.contract.pricing import PriceKey
from billing.domain.events import DomainEvent, PriceVersionAdded
from common.errors import Invalid


@dataclass(frozen=True)
class Version:
    amount: Decimal
    valid_from: datetime


def key_of(event: PriceVersionAdded) -> PriceKey:
    return PriceKey(currency=event.currency, item=event.item, instance_type=event.instance_type,
                    bitrate=event.bitrate, duration_months=event.duration_months)  # fmt: skip


def stream_id(key: PriceKey, organisation_id: int | None = None) -> str:
    scope = "default" if organisation_id is None else f"custom-{organisation_id}"
    detail = key.instance_type or ".".join(str(n) for n in (key.bitrate, key.duration_months) if n is not None)
    return f"price-{scope}-{key.currency}-{key.item}-{detail}"


def fold(events: Sequence[DomainEvent]) -> tuple[Version, ...]:
    return tuple(Version(e.amount, e.valid_from) for e in events if isinstance(e, PriceVersionAdded))


def in_force(versions: Sequence[Version], at: datetime) -> Version | None:
    started = [v for v in versions if v.valid_from <= at]
    return max(started, key=lambda v: v.valid_from) if started else None


def quote(default: Sequence[Version], custom: Sequence[Version], at: datetime) -> tuple[Version, bool] | None:
    """The version in force at ``at`` and whether it is the organisation's own."""
    own = in_force(custom, at)
    if own is not None:
        return own, True
    general = in_force(default, at)
    return None if general is None else (general, False)


def add_version(
    versions: Sequence[Version], key: PriceKey, organisation_id: int | None, amount: Decimal,
    valid_from: datetime | None, now: datetime,
) -> list[DomainEvent]:  # fmt: skip
    start = now if valid_from is None else valid_from
    if start < now:
        raise Invalid("valid_from may not be in the past: periods already priced keep their price", "valid_from")
    if any(v.valid_from == start for v in versions):
        raise Invalid("a version of this price already starts then", "valid_from")
    return [PriceVersionAdded(organisation_id=organisation_id, **key.model_dump(), amount=amount, valid_from=start)]


def seed(versions: Sequence[Version], key: PriceKey, amount: Decimal, valid_from: datetime) -> list[DomainEvent]:
    """A first version for a price that has none; a price with any history is left as it is."""
    if versions:
        return []
    return [PriceVersionAdded(**key.model_dump(), amount=amount, valid_from=valid_from)]


def price_list(
    default: Mapping[PriceKey, Sequence[Version]], custom: Mapping[PriceKey, Sequence[Version]], at: datetime
) -> list[tuple[PriceKey, Version, bool]]:
    """Every price in force at ``at`` (custom over default), with whether it is custom, in a stable order."""
    keys = sorted(set(default) | set(custom), key=_order)
    quoted = ((key, quote(default.get(key, ()), custom.get(key, ()), at)) for key in keys)
    return [(key, *q) for key, q in quoted if q is not None]


def _order(key: PriceKey) -> tuple[str, str, int, int]:
    return key.item, key.instance_type or "", key.bitrate or 0, key.duration_months or 0
