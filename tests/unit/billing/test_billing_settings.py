"""Switching how an organisation is billed records only a change, and the two switches are independent."""

from __future__ import annotations

from billing.domain import billing_settings as b
from billing.domain.billing_settings import Settings
from billing.domain.events import AccountBillingSwitched, DomainEvent, MonthlyReportSwitched


def test_a_switch_records_a_change_only_and_each_keeps_the_other() -> None:
    history: list[DomainEvent] = []
    assert b.switch_account(b.fold(history), 7, False, None) == []
    history += b.switch_account(b.fold(history), 7, True, None)
    assert history == [AccountBillingSwitched(organisation_id=7, on_account=True, by=None)]
    assert b.switch_account(b.fold(history), 7, True, None) == []
    history += b.switch_monthly_report(b.fold(history), 7, True, None)
    assert isinstance(history[-1], MonthlyReportSwitched) and b.fold(history) == Settings(True, True)
    history += b.switch_account(b.fold(history), 7, False, None)
    assert b.fold(history) == Settings(on_account=False, monthly_report=True)
