"""What the rest of the platform hears from billing's events: that an organisation's credits ran low or out, that a
consumption charge was finally declined, the life
of its permanent-schedule agreements, and how staff switched its billing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from billing.adapters import event_codec
from billing.contract import events as public
from billing.domain import events as e
from common.contracts import Message
from common.eventstore import RecordedEvent


def _ran_out(event: Any) -> Message:
    return public.CreditsExhausted(organisation_id=event.organisation_id)


def _ran_low(event: Any) -> Message:
    return public.CreditsLow(organisation_id=event.organisation_id, currency=event.currency)


def _declined(event: Any) -> Message:
    return public.ChargeDeclined(organisation_id=event.organisation_id, charge_id=event.charge_id, hour=event.hour,
                                 currency=event.currency, amount=event.amount, attempts=event.attempt,
                                 reason=event.reason)  # fmt: skip


def _purchased(event: Any) -> Message:
    return public.AgreementPurchased(organisation_id=event.organisation_id, agreement_id=event.agreement_id,
                                     bitrate=event.bitrate, duration_months=event.duration_months,
                                     expires_at=event.expires_at)  # fmt: skip


def _assigned(event: Any) -> Message:
    return public.AgreementAssigned(organisation_id=event.organisation_id, agreement_id=event.agreement_id,
                                    output_id=event.output_id, environment_id=event.environment_id)  # fmt: skip


def _released(event: Any) -> Message:
    return public.AgreementReleased(organisation_id=event.organisation_id, agreement_id=event.agreement_id,
                                    output_id=event.output_id)  # fmt: skip


def _finished(event: Any) -> Message:
    return public.AgreementFinished(organisation_id=event.organisation_id, agreement_id=event.agreement_id,
                                    output_id=event.output_id, finished_at=event.finished_at)  # fmt: skip


def _on_account(event: Any) -> Message:
    return public.AccountBillingSwitched(organisation_id=event.organisation_id, actor_user_id=event.by,
                                         on_account=event.on_account)  # fmt: skip


def _monthly_report(event: Any) -> Message:
    return public.MonthlyBillingReportSwitched(organisation_id=event.organisation_id, actor_user_id=event.by,
                                               enabled=event.enabled)  # fmt: skip


PUBLISHED: dict[str, Callable[[Any], Message]] = {
    event_codec.name_of(e.CreditsRanOut): _ran_out,
    event_codec.name_of(e.CreditsRanLow): _ran_low,
    event_codec.name_of(e.ChargeDeclined): _declined,
    event_codec.name_of(e.AgreementPurchased): _purchased,
    event_codec.name_of(e.AgreementAssigned): _assigned,
    event_codec.name_of(e.AgreementReleased): _released,
    event_codec.name_of(e.AgreementFinished): _finished,
    event_codec.name_of(e.AccountBillingSwitched): _on_account,
    event_codec.name_of(e.MonthlyReportSwitched): _monthly_report,
}


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    to_message = PUBLISHED.get(recorded.type)
    return [] if to_message is None else [to_message(event_codec.decode(recorded))]
