"""Statistics of inputs and outputs (A073, A075, A105, A107) and the bitrate guard's reports (A084, A085)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from streams.contract.schemas import Strict

METRICS: dict[str, str] = {
    "net_recv.bitrate": "bitrate_kbps",
    "net_recv.jitter": "jitter_ms",
    "net_recv.loss_millipercent": "loss_millipercent",
    "net_send.rtt": "rtt_ms",
    "arq_recv.dropped": "dropped",
    "is_connected": "connected",
    "packets": "packets",
    "uptime": "uptime_seconds",
}
"""Each metric by the name alerts use, and the agent's field that carries it."""
METRICS_HELP = (
    "net_recv.bitrate kbps, net_recv.jitter ms, net_recv.loss_millipercent (1000 = 1 %), net_send.rtt ms, "
    "arq_recv.dropped and packets since the last reset, is_connected, uptime seconds"
)


class StatisticsView(BaseModel):
    id: str = Field(description="the input's or output's id")
    environment_id: uuid.UUID
    sampled_at: datetime | None = Field(description="when the agent measured them (null: never heard)")
    age_seconds: float | None = Field(description="how old the statistics are")
    stale: bool = Field(description="the agent did not answer in time: the last sample it sent")
    statistics: dict[str, float | int | bool] | None = Field(description=METRICS_HELP)


class GuardReport(Strict):
    """What the c_env's agent measured; both are optional, for the record."""

    bitrate_kbps: int | None = Field(None, ge=0, le=100_000_000)
    max_allowed_bitrate_kbps: int | None = Field(None, ge=1, le=1_000_000)


class GuardView(BaseModel):
    id: str
    environment_id: uuid.UUID
    input_stopped: bool
    warning_sent: bool


Side = Literal["input", "output"]
