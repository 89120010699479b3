"""Permanent-schedule agreements: each its own stream, bought unassigned with an expiry, assigned to one output at
a time, released when that output or its environment goes, finished once when it expires (decision 54)."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from billing.domain.credits import Balance
from billing.domain.events import (
    AgreementAssigned,
    AgreementFinished,
    AgreementPurchased,
    AgreementReleased,
    DomainEvent,
)
from billing.domain.money import money

STREAM_PREFIX = "agreement-"


def stream_id(agreement_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{agreement_id}"


def purchase_stream_id(purchase_id: uuid.UUID) -> str:
    return f"agreement-purchase-{purchase_id}"


def add_months(start: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months later; the month's last day when it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def charge(price_in_force: Decimal) -> Decimal:
    """What one agreement costs: the price in force, rounded once to the minor unit (decision 46)."""
    return money(price_in_force)


def covered(balances: Sequence[Balance], owed: Decimal, cost: Decimal) -> bool:
    """Whether the credits cover everything owed so far with ``cost`` on top (as ``credits.draws`` counts it)."""
    return sum((b.amount for b in balances), Decimal(0)) >= max(owed + cost, Decimal(0))


@dataclass(frozen=True)
class Agreement:
    purchased: AgreementPurchased
    output_id: str | None = None
    environment_id: uuid.UUID | None = None
    finished: bool = False

    @property
    def assignable(self) -> bool:
        return self.output_id is None and not self.finished


def fold(events: Sequence[DomainEvent]) -> Agreement | None:
    state: Agreement | None = None
    for event in events:
        match event:
            case AgreementPurchased():
                state = Agreement(event)
            case AgreementAssigned() if state is not None:
                state = Agreement(state.purchased, event.output_id, event.environment_id, state.finished)
            case AgreementReleased() if state is not None:
                state = Agreement(state.purchased, None, None, state.finished)
            case AgreementFinished() if state is not None:
                state = Agreement(state.purchased, state.output_id, state.environment_id, True)
    return state


def buy(state: Agreement | None, purchased: AgreementPurchased) -> list[DomainEvent]:
    return [] if state is not None else [purchased]


def assign(
    state: Agreement | None, organisation_id: int, output_id: str, environment_id: uuid.UUID
) -> list[DomainEvent]:
    """Only an unassigned, unfinished agreement of the output's organisation is assigned; the same output again is
    already done. Anything else records nothing (the caller says why)."""
    if state is None or state.purchased.organisation_id != organisation_id or not state.assignable:
        return []
    return [AgreementAssigned(organisation_id=organisation_id, agreement_id=state.purchased.agreement_id,
                              output_id=output_id, environment_id=environment_id)]  # fmt: skip


def release(state: Agreement | None, output_id: str | None = None) -> list[DomainEvent]:
    """Released from its output (``output_id``, or whichever it has); a finished agreement stays as it was."""
    if state is None or state.output_id is None or state.finished:
        return []
    if output_id is not None and output_id != state.output_id:
        return []
    return [AgreementReleased(organisation_id=state.purchased.organisation_id,
                              agreement_id=state.purchased.agreement_id, output_id=state.output_id)]  # fmt: skip


def finish(state: Agreement | None, now: datetime) -> list[DomainEvent]:
    """Once, when its expiry has passed; it finishes at its expiry whenever the run gets to it."""
    if state is None or state.finished or state.purchased.expires_at > now:
        return []
    return [AgreementFinished(organisation_id=state.purchased.organisation_id,
                              agreement_id=state.purchased.agreement_id, output_id=state.output_id,
                              finished_at=state.purchased.expires_at)]  # fmt: skip
