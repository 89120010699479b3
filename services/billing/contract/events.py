"""The integration events billing publishes: credits running out, and the life of permanent-schedule agreements
(the scheduler and streams keep their own read model of agreements from these)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from common.contracts import OrganisationEvent


class CreditsExhausted(OrganisationEvent):
    """An organisation on free credits has used them all up (in one currency); once per crossing."""

    TYPE: ClassVar[str] = "billing.CreditsExhausted"


class CreditsLow(OrganisationEvent):
    """An organisation's credits in ``currency`` fell below a fifth of all it was granted in it; once per crossing."""

    TYPE: ClassVar[str] = "billing.CreditsLow"
    currency: str


class ChargeDeclined(OrganisationEvent):
    """The payment provider declined the last attempt to charge an organisation billed on account for its
    consumption up to ``hour``: ``amount`` in ``currency`` stays unpaid, and is not asked for again."""

    TYPE: ClassVar[str] = "billing.ChargeDeclined"
    charge_id: str
    hour: datetime
    currency: str
    amount: Decimal
    attempts: int
    reason: str | None = None


class AgreementPurchased(OrganisationEvent):
    """An unassigned agreement for outputs up to ``bitrate`` Mbit/s, usable until ``expires_at``."""

    TYPE: ClassVar[str] = "billing.AgreementPurchased"
    agreement_id: uuid.UUID
    bitrate: int
    duration_months: int
    expires_at: datetime


class AgreementAssigned(OrganisationEvent):
    """The agreement now backs ``output_id``; it cannot be assigned to another output."""

    TYPE: ClassVar[str] = "billing.AgreementAssigned"
    agreement_id: uuid.UUID
    output_id: str
    environment_id: uuid.UUID


class AgreementReleased(OrganisationEvent):
    """The output (or its environment) is gone: the agreement can be assigned again until it finishes."""

    TYPE: ClassVar[str] = "billing.AgreementReleased"
    agreement_id: uuid.UUID
    output_id: str


class AgreementFinished(OrganisationEvent):
    """The agreement expired (found by the hourly consumption run); an output it backed is no longer paid for."""

    TYPE: ClassVar[str] = "billing.AgreementFinished"
    agreement_id: uuid.UUID
    output_id: str | None
    finished_at: datetime


class AccountBillingSwitched(OrganisationEvent):
    """Staff switched the organisation to account billing (``on_account``) or back to free credits."""

    TYPE: ClassVar[str] = "billing.AccountBillingSwitched"
    on_account: bool


class MonthlyBillingReportSwitched(OrganisationEvent):
    """Staff switched the organisation's monthly billing report on or off."""

    TYPE: ClassVar[str] = "billing.MonthlyBillingReportSwitched"
    enabled: bool
