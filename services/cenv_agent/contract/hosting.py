"""What an agent host is asked to run: one environment's agent and the credentials it connects with."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field, SecretStr

AGENT_HOST = "cenv-agent-host"  # the service a driver signs its requests to a remote agent host for


class AgentAccount(BaseModel):
    """An agent's own broker account: the URL it connects with (credentials inside) and the one queue it reads."""

    amqp_url: SecretStr
    command_queue: str


class AgentLaunch(BaseModel):
    environment_id: uuid.UUID
    amqp_url: SecretStr
    command_queue: str
    api_key: SecretStr
    gateway_url: str
    heartbeat_seconds: float = 5.0
    instance_type: str | None = Field(
        None, description="the instance type the environment runs on, which its agent tells the scheduler (A200)"
    )

    def revealed(self) -> dict[str, object]:
        """The launch as JSON with its secrets in clear, for the host's own request body and disk."""
        return {
            **self.model_dump(mode="json"),
            "amqp_url": self.amqp_url.get_secret_value(),
            "api_key": self.api_key.get_secret_value(),
        }
