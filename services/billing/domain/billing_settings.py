"""How an organisation is billed, set by staff: on account (A136) rather than free credits, and whether it gets
a monthly billing report (A135). One stream per organisation; switching to what it already is records nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from billing.domain.events import AccountBillingSwitched, DomainEvent, MonthlyReportSwitched


def stream_id(organisation_id: int) -> str:
    return f"organisation-billing-{organisation_id}"


@dataclass(frozen=True)
class Settings:
    on_account: bool = False
    monthly_report: bool = False


def fold(events: Sequence[DomainEvent]) -> Settings:
    state = Settings()
    for event in events:
        match event:
            case AccountBillingSwitched():
                state = Settings(event.on_account, state.monthly_report)
            case MonthlyReportSwitched():
                state = Settings(state.on_account, event.enabled)
    return state


def switch_account(state: Settings, organisation_id: int, on_account: bool, by: uuid.UUID | None) -> list[DomainEvent]:
    if state.on_account == on_account:
        return []
    return [AccountBillingSwitched(organisation_id=organisation_id, on_account=on_account, by=by)]


def switch_monthly_report(state: Settings, organisation_id: int, enabled: bool,
                          by: uuid.UUID | None) -> list[DomainEvent]:  # fmt: skip
    if state.monthly_report == enabled:
        return []
    return [MonthlyReportSwitched(organisation_id=organisation_id, enabled=enabled, by=by)]
