"""What happens to billing details, prices, credits, observed usage, consumption and agreements, as frozen types.

The store's codec (``adapters/event_codec.py``) names and serialises them; amounts travel as decimal strings.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from billing.contract.pricing import Item
from billing.contract.schemas import Currency


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation_id: int | None = None


class BillingDetailsSaved(DomainEvent):
    """The whole set of details for one currency, after the change."""

    currency: Currency
    company_name: str
    first_name: str
    last_name: str
    phone: str | None
    address_line1: str
    address_line2: str | None
    address_city: str
    address_state: str | None
    address_postal_code: str
    address_country_code: str
    org_reg_number: str | None
    org_vat_number: str | None
    switch_org_billing_to_account: bool


class PriceVersionAdded(DomainEvent):
    """A price (the default one, or ``organisation_id``'s own) takes ``amount`` from ``valid_from`` on."""

    currency: Currency
    item: Item
    instance_type: str | None = None
    bitrate: int | None = None
    duration_months: int | None = None
    amount: Decimal
    valid_from: datetime


class CreditGranted(DomainEvent):
    """Free credits, each grant its own credit, so a later consumption run can draw each down once."""

    credit_id: uuid.UUID
    currency: Currency
    amount: Decimal
    note: str | None
    granted_by: uuid.UUID | None


class EnvironmentStateObserved(DomainEvent):
    """Environments said an environment went from one state to another at ``occurred_at``."""

    environment_id: uuid.UUID
    occurred_at: datetime
    previous_state: str
    state: str


class EnvironmentInstanceObserved(DomainEvent):
    """Environments said which instance type an environment was requested with."""

    environment_id: uuid.UUID
    instance_type: str
    occurred_at: datetime


class OutputStateObserved(DomainEvent):
    """Streams said an output (of its taker, ``organisation_id``) on an environment started (``running``, in the
    ``bitrate`` band) or stopped (its agent said so, or the output was deleted) at ``occurred_at``."""

    environment_id: uuid.UUID
    output_id: str
    occurred_at: datetime
    running: bool
    bitrate: int


class InputStateObserved(DomainEvent):
    """Streams said an input (of its owner, ``organisation_id``) on an environment started (``running``, in the
    ``bitrate`` band) or stopped (its agent said so, or the input was deleted) at ``occurred_at``."""

    environment_id: uuid.UUID
    input_id: str
    occurred_at: datetime
    running: bool
    bitrate: int


EndpointStateObserved = OutputStateObserved | InputStateObserved


class GuestBillingObserved(DomainEvent):
    """The gateway said who pays the outputs a guest takes through the source invitation of ``organisation_id`` (the
    source owner) from ``occurred_at`` on: ``billing_source`` is ``source_owner`` or ``destination_taker``; the
    guest is None until the invitation is accepted (``SourceInvitationAccepted`` then names it)."""

    invitation_id: uuid.UUID
    guest_organisation_id: int | None
    billing_source: Literal["source_owner", "destination_taker"] | None  # None: only who the guest is
    occurred_at: datetime


class ConsumptionRecorded(DomainEvent):
    """A line of the run that closed ``hour``: usage of ``usage_hour`` (that hour, or an earlier one it adjusts)."""

    hour: datetime
    usage_hour: datetime
    kind: Literal["usage", "adjustment"]
    item: Item
    environment_id: uuid.UUID
    instance_type: str | None
    currency: Currency
    seconds: Decimal
    amount: Decimal
    output_id: str | None = None  # output hours: the output, on ``environment_id``, in the ``bitrate`` band
    bitrate: int | None = None
    taker_organisation_id: int | None = None  # a guest's output the source owner pays (decision 78)
    input_id: str | None = None  # stream hours: the input, on ``environment_id``, in the ``bitrate`` band


class CreditDrawn(DomainEvent):
    """``amount`` of a credit went to (or, negative, came back from) consumption in the run that closed ``hour``,
    or to agreements bought during ``hour``."""

    hour: datetime
    credit_id: uuid.UUID
    amount: Decimal


class CreditsRanOut(DomainEvent):
    """The organisation's credits in ``currency`` are all drawn."""

    hour: datetime
    currency: Currency


class CreditsRanLow(DomainEvent):
    """The organisation's credits in ``currency`` fell below the low line (``billing.domain.credits.LOW_SHARE``)."""

    hour: datetime
    currency: Currency


class ConsumptionCharged(DomainEvent):
    """The run that closed ``hour`` charges an organisation billed on account what its credits and earlier charges
    do not cover in ``currency``, through the payment provider (decision 79), on the charge's own stream."""

    charge_id: str
    hour: datetime
    currency: Currency
    amount: Decimal


class ChargeAttemptDeclined(DomainEvent):
    """The provider declined attempt ``attempt`` of a consumption charge; it is asked again from ``retry_at``."""

    charge_id: str
    attempt: int
    provider: str
    payment_id: str
    reason: str | None
    retry_at: datetime


class ChargeTaken(DomainEvent):
    charge_id: str
    attempt: int
    provider: str
    payment_id: str


class ChargeDeclined(DomainEvent):
    """The provider declined the last attempt of a consumption charge (``amount`` in ``currency``, for consumption
    up to ``hour``): it is not asked again."""

    charge_id: str
    attempt: int
    provider: str
    payment_id: str
    reason: str | None
    hour: datetime
    currency: Currency
    amount: Decimal


class HourClosed(DomainEvent):
    """Every line of ``hour`` for the organisation is recorded: the run's checkpoint."""

    hour: datetime


class AgreementPurchased(DomainEvent):
    """One permanent-schedule agreement, bought at ``price`` (the A017 price in force, rounded to the minor unit)."""

    agreement_id: uuid.UUID
    purchase_id: uuid.UUID
    bitrate: int
    duration_months: int
    currency: Currency
    price: Decimal
    paid_by: Literal["credits", "account"]
    purchased_at: datetime
    expires_at: datetime


class AgreementAssigned(DomainEvent):
    agreement_id: uuid.UUID
    output_id: str
    environment_id: uuid.UUID


class AgreementReleased(DomainEvent):
    agreement_id: uuid.UUID
    output_id: str


class AgreementFinished(DomainEvent):
    agreement_id: uuid.UUID
    output_id: str | None
    finished_at: datetime


class AgreementsCharged(DomainEvent):
    """What a purchase of agreements costs, and who pays: on credits, the credits drawn for it follow on the same
    stream (``CreditDrawn``); on account, the payment provider is asked for it (decision 55)."""

    purchase_id: uuid.UUID
    currency: Currency
    amount: Decimal
    paid_by: Literal["credits", "account"]


class PaymentTaken(DomainEvent):
    """The payment provider took an account charge (``AgreementsCharged`` on the same stream)."""

    purchase_id: uuid.UUID
    provider: str
    payment_id: str


class PaymentDeclined(DomainEvent):
    """The payment provider refused an account charge; it is not asked again."""

    purchase_id: uuid.UUID
    provider: str
    payment_id: str
    reason: str | None


class AccountBillingSwitched(DomainEvent):
    """Staff switched the organisation to billing on account (or back to credits)."""

    on_account: bool
    by: uuid.UUID | None


class MonthlyReportSwitched(DomainEvent):
    """Staff switched the organisation's monthly billing report on or off."""

    enabled: bool
    by: uuid.UUID | None


AGREEMENTS: tuple[type[DomainEvent], ...] = (
    AgreementPurchased, AgreementAssigned, AgreementReleased, AgreementFinished, AgreementsCharged, PaymentTaken,
    PaymentDeclined,
)  # fmt: skip
CHARGES: tuple[type[DomainEvent], ...] = (ConsumptionCharged, ChargeAttemptDeclined, ChargeTaken, ChargeDeclined)
ALL: tuple[type[DomainEvent], ...] = (
    BillingDetailsSaved, PriceVersionAdded, CreditGranted, EnvironmentStateObserved, EnvironmentInstanceObserved,
    OutputStateObserved, InputStateObserved, GuestBillingObserved, ConsumptionRecorded, CreditDrawn, CreditsRanOut,
    CreditsRanLow,
    HourClosed, *AGREEMENTS, AccountBillingSwitched, MonthlyReportSwitched, *CHARGES,
)  # fmt: skip
