"""Reading price versions from their projection, grouped by price, for the domain to pick what is in force."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from billing.contract.pricing import PriceKey
from billing.domain.prices import Version

Versions = dict[PriceKey, list[Version]]


async def versions(db: Any, schema: str, organisation_id: int | None, currency: str | None,
                   item: str | None = None) -> Versions:  # fmt: skip
    """Default versions (``organisation_id`` None) or one organisation's own, oldest first."""
    rows = await db.fetch(
        f"""SELECT * FROM {schema}.price_versions
            WHERE organisation_id IS NOT DISTINCT FROM $1 AND ($2::text IS NULL OR currency = $2)
              AND ($3::text IS NULL OR item = $3)
            ORDER BY valid_from""",
        organisation_id, currency, item,
    )  # fmt: skip
    grouped: Versions = defaultdict(list)
    for row in rows:
        key = PriceKey(currency=row["currency"], item=row["item"], instance_type=row["instance_type"],
                       bitrate=row["bitrate"], duration_months=row["duration_months"])  # fmt: skip
        grouped[key].append(Version(row["amount"], row["valid_from"]))
    return dict(grouped)
