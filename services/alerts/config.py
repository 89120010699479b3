"""Alerts settings, read from the environment."""

from __future__ import annotations

from pydantic import Field, SecretStr

from alerts.service_layer.deliveries import Policy
from common.mail import SmtpEnvironment
from common.settings import AgentStatisticsLimits, ServiceSettings
from switchyard.services import port_setting

SCHEMA = "alerts"


class AlertsSettings(AgentStatisticsLimits, ServiceSettings, SmtpEnvironment):
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
    public_url: str = Field("http://127.0.0.1:8080", validation_alias="SWITCHYARD_PUBLIC_URL",
                            description="where users reach the platform: the links in alert messages")  # fmt: skip
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SWITCHYARD_SLACK_SIGNING_SECRET")
    slack_base_url: str = Field("https://hooks.slack.com", validation_alias="SWITCHYARD_SLACK_BASE_URL",
                                description="Slack's webhook host (a stand-in's in tests)")  # fmt: skip
    delivery_attempts: int = Field(5, ge=1, validation_alias="SWITCHYARD_DELIVERY_ATTEMPTS")
    delivery_first_wait_seconds: float = Field(1.0, ge=0, validation_alias="SWITCHYARD_DELIVERY_FIRST_WAIT_SECONDS")
    delivery_max_wait_seconds: float = Field(60.0, ge=0, validation_alias="SWITCHYARD_DELIVERY_MAX_WAIT_SECONDS")
    delivery_timeout_seconds: float = Field(10.0, gt=0, validation_alias="SWITCHYARD_DELIVERY_TIMEOUT_SECONDS")
    delivery_poll_seconds: float = Field(1.0, gt=0, validation_alias="SWITCHYARD_DELIVERY_POLL_SECONDS")

    def delivery_policy(self) -> Policy:
        # An attempt's lease outlasts its send (bounded by the timeout) by a wide margin: a sweep must never
        # take a send still in flight for an interrupted one.
        return Policy(self.delivery_attempts, self.delivery_first_wait_seconds, self.delivery_max_wait_seconds,
                      lease_seconds=3 * self.delivery_timeout_seconds + 30)  # fmt: skip
