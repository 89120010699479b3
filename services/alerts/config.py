"""Alerts settings, read from the environment."""

from __future__ import annotations

from pydantic import Field

from common.settings import AgentStatisticsLimits, ServiceSettings
from switchyard.services import port_setting

SCHEMA = "alerts"


class AlertsSettings(AgentStatisticsLimits, ServiceSettings):
    port: int = port_setting("alerts")
    evaluation_tick_seconds: float = Field(
        1.0, gt=0, validation_alias="SWITCHYARD_ALERT_EVALUATION_TICK_SECONDS",
        description="how often the evaluator looks for alerts whose check is due",
    )  # fmt: skip
    samples_kept_seconds: float = Field(
        7200.0, ge=3600, validation_alias="SWITCHYARD_ALERT_SAMPLES_KEPT_SECONDS",
        description="statistics samples older than this are pruned (the longest window is 1h)",
    )  # fmt: skip
    set_timeout_seconds: float = Field(
        10.0, gt=0, validation_alias="SWITCHYARD_ALERT_SET_TIMEOUT_SECONDS",
        description="an alert set the agent has not said it holds within this is sent again",
    )  # fmt: skip
    set_max_attempts: int = Field(5, ge=1, validation_alias="SWITCHYARD_ALERT_SET_MAX_ATTEMPTS")
    sweep_seconds: float = Field(2.0, gt=0, validation_alias="SWITCHYARD_SWEEP_SECONDS")
