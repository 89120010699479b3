"""Who may speak for an environment: only its own agent, as the broker vouches (it checks ``user_id`` against the
login), on routing keys under its own environment id. Every service consuming agent reports authorises by this."""

from __future__ import annotations

import uuid

from common.bus.consumer import Unprocessable
from common.contracts import AgentEvent


def agent_user(environment_id: uuid.UUID) -> str:
    """The agent's broker user, created at provisioning."""
    return f"cenv-{environment_id}"


def authorise(delivery: object, message: object) -> None:
    """Refuses (dead-letters) a report not sent by the agent of the environment it names."""
    if not isinstance(message, AgentEvent):
        raise Unprocessable("only agent events are accepted on an agent events queue")
    environment_id = message.environment_id
    if getattr(delivery, "user_id", None) != agent_user(environment_id):
        raise Unprocessable(f"sent by {getattr(delivery, 'user_id', None)!r}, not by the agent of {environment_id}")
    if not str(getattr(delivery, "routing_key", "")).startswith(f"{environment_id}."):
        raise Unprocessable("the routing key does not match the environment")
