"""Environments settings, read from the environment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from common.bus.management import management_url_for
from common.settings import ServiceSettings
from switchyard.services import port_setting, url_setting


class EnvironmentsSettings(ServiceSettings):
    port: int = port_setting("environments")
    rabbitmq_management_url: str | None = Field(None, validation_alias="RABBITMQ_MANAGEMENT_URL")
    provisioning_driver: Literal["local", "remote"] = Field("local", validation_alias="SWITCHYARD_PROVISIONING_DRIVER")
    agent_host_url: str = Field("http://127.0.0.1:8090", validation_alias="SWITCHYARD_AGENT_HOST_URL")
    agent_amqp_url: str | None = Field(None, validation_alias="SWITCHYARD_AGENT_AMQP_URL")
    gateway_url: str = url_setting("gateway")
    agent_state_dir: str = Field(".run/agents", validation_alias="SWITCHYARD_AGENT_STATE_DIR")
    agent_hosts: int = Field(2, ge=1, le=64, validation_alias="SWITCHYARD_AGENT_HOSTS")
    agent_message_max_bytes: int = Field(64 * 1024, ge=1024, validation_alias="SWITCHYARD_AGENT_MESSAGE_MAX_BYTES")
    agent_messages_per_second: float = Field(5.0, gt=0, validation_alias="SWITCHYARD_AGENT_MESSAGES_PER_SECOND")
    agent_message_burst: float = Field(30.0, ge=1, validation_alias="SWITCHYARD_AGENT_MESSAGE_BURST")
    heartbeat_seconds: float = Field(5.0, validation_alias="SWITCHYARD_HEARTBEAT_SECONDS")
    unreachable_after_seconds: float = Field(20.0, validation_alias="SWITCHYARD_UNREACHABLE_AFTER_SECONDS")
    command_ack_timeout_seconds: float = Field(15.0, validation_alias="SWITCHYARD_COMMAND_ACK_TIMEOUT_SECONDS")
    command_max_attempts: int = Field(3, validation_alias="SWITCHYARD_COMMAND_MAX_ATTEMPTS")
    provision_timeout_seconds: float = Field(90.0, validation_alias="SWITCHYARD_PROVISION_TIMEOUT_SECONDS")
    # 0.5 + 1 + 2 + 4 + 5 × 4 s: outlasts a broker blip and the 5 s the service's connection waits to reconnect
    provision_attempts: int = Field(9, ge=1, validation_alias="SWITCHYARD_PROVISION_ATTEMPTS")
    provision_backoff_seconds: float = Field(0.5, gt=0, validation_alias="SWITCHYARD_PROVISION_BACKOFF_SECONDS")
    settle_timeout_seconds: float = Field(60.0, validation_alias="SWITCHYARD_SETTLE_TIMEOUT_SECONDS")
    decommission_timeout_seconds: float = Field(60.0, validation_alias="SWITCHYARD_DECOMMISSION_TIMEOUT_SECONDS")
    agent_check_seconds: float = Field(30.0, gt=0, validation_alias="SWITCHYARD_AGENT_CHECK_SECONDS")
    sweep_seconds: float = Field(2.0, validation_alias="SWITCHYARD_SWEEP_SECONDS")

    @property
    def management_url(self) -> str:
        return self.rabbitmq_management_url or management_url_for(self.amqp_url)
