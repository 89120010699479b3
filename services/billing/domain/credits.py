"""An organisation's free credits: one stream per organisation, one event per grant, each with its own id,
so granting is idempotent per id; the hourly run draws them down, oldest first (``draws``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

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


@dataclass(frozen=True)
class Balance:
    credit_id: uuid.UUID
    amount: Decimal
    drawn: Decimal


def draws(balances: Sequence[Balance], owed: Decimal) -> dict[uuid.UUID, Decimal]:
    """What to draw from (positive) or give back to (negative) each credit, oldest first, so that the credits
    cover as much of ``owed`` (every line so far, in their currency) as they can: a rerun draws nothing more."""
    target = min(sum((b.amount for b in balances), Decimal(0)), max(owed, Decimal(0)))
    missing = target - sum((b.drawn for b in balances), Decimal(0))
    moves: dict[uuid.UUID, Decimal] = {}
    order = balances if missing > 0 else list(reversed(balances))
    for balance in order:
        room = balance.amount - balance.drawn if missing > 0 else -balance.drawn
        move = min(room, missing) if missing > 0 else max(room, missing)
        if move:
            moves[balance.credit_id] = move
            missing -= move
    return moves


LOW_SHARE = Decimal("0.2")  # credits run low when less than this share of all granted in the currency is left


def crossed(balances: Sequence[Balance], moves: dict[uuid.UUID, Decimal]) -> Literal["low", "exhausted"] | None:
    """Which line the draws ``moves`` cross downwards, if any: ``exhausted`` when they take the last of the credits,
    ``low`` when they leave less than ``LOW_SHARE`` of what was granted (but some). Each crossing is reported once,
    by the draw that crosses it; giving back or granting more lifts the credits above it, to be crossed again."""
    granted = sum((b.amount for b in balances), Decimal(0))
    before = granted - sum((b.drawn for b in balances), Decimal(0))
    after = before - sum(moves.values(), Decimal(0))
    if before > 0 and after == 0:
        return "exhausted"
    if before >= granted * LOW_SHARE > after > 0:
        return "low"
    return None
