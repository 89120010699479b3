"""Request and response models of what accounts staff switch and watch: account billing (A136), the monthly
billing report (A135), the running-state overview (A137)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from billing.contract.schemas import Currency, Strict


class SwitchAccountBilling(Strict):
    on_account: bool = Field(True, description="true: bill the organisation on account; false: back to credits")


class SwitchMonthlyReport(Strict):
    enabled: bool = Field(description="send the organisation a monthly billing report")


class BillingSettingsView(BaseModel):
    organisation_id: int
    on_account: bool = Field(description="billed on account rather than free credits")
    monthly_billing_report: bool


class RunningStateView(BaseModel):
    organisation_id: int
    currency: Currency
    on_account: bool
    running_environments: int = Field(description="environments metered right now (their machines are up)")
    running_instance_types: str | None = Field(description="their instance types, comma-separated")
    active_agreements: int = Field(description="permanent-schedule agreements bought and not yet finished")
    assigned_agreements: int = Field(description="of those, the ones backing an output")
    credits_left: Decimal = Field(description="free credits not yet drawn, in the current currency")
