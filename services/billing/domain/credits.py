"""An organisation's free credits: one stream per organisation, one event per grant, each with its own id,
so granting is idempotent per id and a later consumption run can draw each credit down exactly once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from billing.contract.schemas import Currency
from billing.domain.events import CreditGranted, DomainEvent

STREAM_PREFIX = "organisation-credits-"


def stream_id(organisation_id: int) -> str:
    return f"{STREAM_PREFIX}{organisation_id}"


def fold(events: Sequence[DomainEvent]) -> dict[uuid.UUID, CreditGranted]:
    return {e.credit_id: e for e in events if isinstance(e, CreditGranted)}


def grant(
    granted: dict[uuid.UUID, CreditGranted], organisation_id: int, credit_id: uuid.UUID, currency: Currency,
    amount: Decimal, note: str | None, granted_by: uuid.UUID | None,
) -> list[DomainEvent]:  # fmt: skip
    if credit_id in granted:
        return []
    return [CreditGranted(organisation_id=organisation_id, credit_id=credit_id, currency=currency, amount=amount,
                          note=note, granted_by=granted_by)]  # fmt: skip
