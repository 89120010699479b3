"""Response models of the history API's output sessions (P09): call detail records of outputs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from cenv_agent.contract.schedules import SessionStream

DisconnectReason = Literal["ended", "disconnected", "deleted", "withdrawn", "environment_stopped"]


class MediaStreamView(SessionStream):
    """The media stream a session carried: received from the input (rx_) and sent to the output (tx_); packets over
    the session, rates and loss as the agent last measured them in it (``cenv.OutputSessionEnded``)."""


class OutputSessionView(BaseModel):
    """One period an output was fed for a schedule, as the environment's agent reported it (or, when its agent died
    before it could, as the scheduler ended it: then without media streams)."""

    id: uuid.UUID
    organisation_id: int = Field(description="the schedule's managing organisation: the output's taker")
    environment_id: uuid.UUID
    schedule_id: uuid.UUID
    input_id: str
    output_id: str
    start_time: datetime = Field(description="UTC")
    end_time: datetime = Field(description="UTC")
    duration_seconds: float
    disconnect_reason: DisconnectReason = Field(
        description="ended: its schedule's end came; disconnected: a command stopped it (P10), or the agent's process "
        "running it died (ended by the scheduler when the agent reported again under another boot); deleted: its "
        "schedule was deleted; withdrawn: its entry left the environment's set otherwise (moved, its input or output "
        "gone, capacity); environment_stopped: the environment's media stopped"
    )
    media_streams: list[MediaStreamView]
