"""Alerts settings, read from the environment."""

from __future__ import annotations

from pydantic import Field

from common.settings import ServiceSettings

SCHEMA = "alerts"


class AlertsSettings(ServiceSettings):
    port: int = Field(8085, validation_alias="SWITCHYARD_ALERTS_PORT")
