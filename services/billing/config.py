"""Billing settings, read from the environment."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from common.settings import ServiceSettings
from switchyard.services import port_setting

SCHEMA = "billing"


class BillingSettings(ServiceSettings):
    port: int = port_setting("billing")
    metering_seconds: float = Field(
        60.0, ge=0, validation_alias="SWITCHYARD_METERING_SECONDS",
        description="how often the hourly consumption run looks for complete hours to close; 0 never runs it",
    )  # fmt: skip
    payment_provider: Literal["local"] = Field(
        "local", validation_alias="SWITCHYARD_PAYMENT_PROVIDER",
        description="who takes payments from organisations billed on account: local (no network) is the only one yet",
    )  # fmt: skip
    payment_decline_above: Decimal | None = Field(
        None, validation_alias="SWITCHYARD_PAYMENT_DECLINE_ABOVE",
        description="the local provider declines charges above this amount (to try declines); none if unset",
    )  # fmt: skip
