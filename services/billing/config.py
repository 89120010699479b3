"""Billing settings, read from the environment."""

from __future__ import annotations

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
