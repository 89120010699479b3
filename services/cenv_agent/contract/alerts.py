"""The alert part of the agent protocol: the alerts service pushes the full set of an environment's non-muted,
non-deleted alerts with a version that only grows per environment (as schedule sets, decision 52); the agent holds
the newest set it was sent, answers with the version it holds, and reports it on every (re)connect."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from common.contracts import AgentCommand, AgentEvent


class AlertEntry(BaseModel):
    alert_id: uuid.UUID
    side: Literal["input", "output"]
    endpoint_id: str
    alert_on_query: str
    query_param: str
    query_value: list[float]
    query_time_range: str
    alert_check_frequency: str
    alert_after: str | None
    alert_repeat: str
    status: Literal["active", "paused"]


class ApplyAlertSet(AgentCommand):
    """Replace every alert held by these, at once; a version not newer than the one held changes nothing."""

    TYPE: ClassVar[str] = "cenv.ApplyAlertSet"
    version: int = Field(ge=1)
    alerts: list[AlertEntry]

    @property
    def coalescing_key(self) -> str:
        """A later set of the environment replaces this one: a relay page sends only the newest (``common.outbox``)."""
        return f"{self.environment_id}/alerts"


class AlertSetApplied(AgentEvent):
    """The agent holds the set of ``version`` (also the answer to an older or repeated one)."""

    TYPE: ClassVar[str] = "cenv.AlertSetApplied"
    version: int = Field(ge=0)


class AlertSetReported(AgentEvent):
    """Sent on every (re)connect: the version of the alert set the agent holds (0: none)."""

    TYPE: ClassVar[str] = "cenv.AlertSetReported"
    boot_id: uuid.UUID
    version: int = Field(ge=0)


ALERT_PROTOCOL = (ApplyAlertSet, AlertSetApplied, AlertSetReported)
