"""Billing settings, read from the environment."""

from __future__ import annotations

from common.settings import ServiceSettings
from switchyard.services import port_setting

SCHEMA = "billing"


class BillingSettings(ServiceSettings):
    port: int = port_setting("billing")
