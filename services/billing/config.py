"""Billing settings, read from the environment."""

from __future__ import annotations

from pydantic import Field

from common.settings import ServiceSettings

SCHEMA = "billing"


class BillingSettings(ServiceSettings):
    port: int = Field(8084, validation_alias="SWITCHYARD_BILLING_PORT")
