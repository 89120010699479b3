"""What billing's use cases read beside their streams: the organisations the gateway told us of.

Postgres implements it in ``billing.adapters.organisations``; the unit tests have an in-memory fake.
"""

from __future__ import annotations

from typing import Protocol

from billing.contract.schemas import Currency


class Organisations(Protocol):
    async def currency_of(self, organisation_id: int) -> Currency | None:
        """The organisation's current currency; ``None`` if billing has not heard of it or it was deleted."""
