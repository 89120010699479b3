"""The schedule part of the agent protocol: the scheduler pushes the full set of an environment's schedule entries
that still need to do something, with a version that only grows per environment; the agent holds the newest set it
was sent, answers with the version it holds, and reports it on every (re)connect."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from common.contracts import AgentCommand, AgentEvent


class ScheduleEntry(BaseModel):
    """From ``start`` (inclusive) to ``end`` (exclusive), UTC, the output is fed by the input."""

    schedule_id: uuid.UUID
    input_id: str
    output_id: str
    start: datetime
    end: datetime


class ApplyScheduleSet(AgentCommand):
    """Replace every schedule entry held by these, at once; a version not newer than the one held changes nothing.
    Never a delta: an entry left out is no longer to run."""

    TYPE: ClassVar[str] = "cenv.ApplyScheduleSet"
    version: int = Field(ge=1)
    entries: list[ScheduleEntry]

    @property
    def coalescing_key(self) -> str:
        """A later set of the environment replaces this one: a relay page sends only the newest (``common.outbox``)."""
        return f"{self.environment_id}/schedules"


class ScheduleSetApplied(AgentEvent):
    """The agent holds the set of ``version`` (also the answer to an older or repeated one)."""

    TYPE: ClassVar[str] = "cenv.ScheduleSetApplied"
    version: int = Field(ge=0)


class ScheduleSetReported(AgentEvent):
    """Sent on every (re)connect: the version of the schedule set the agent holds (0: none)."""

    TYPE: ClassVar[str] = "cenv.ScheduleSetReported"
    boot_id: uuid.UUID
    version: int = Field(ge=0)


class Feeding(BaseModel):
    """An output running: fed by ``input_id`` for ``schedule_id``, since ``since``."""

    schedule_id: uuid.UUID
    input_id: str
    since: datetime


class DumpScheduleState(AgentCommand):
    """Debugging (A202): the agent answers with its live schedule state, tagged with ``command_id``."""

    TYPE: ClassVar[str] = "cenv.DumpScheduleState"


class ScheduleStateDumped(AgentEvent):
    """The agent's schedule state when it was asked: the set it holds and the outputs it runs, by output id."""

    TYPE: ClassVar[str] = "cenv.ScheduleStateDumped"
    command_id: uuid.UUID
    version: int = Field(ge=0)
    entries: list[ScheduleEntry]
    running: dict[str, Feeding]


SessionEnd = Literal["ended", "withdrawn", "media_stopped"]


class SessionStream(BaseModel):
    """The media stream a session carried, received from the input (``rx_``) and sent to the output (``tx_``):
    packets over the session, rates and loss (percent of packets) as last measured in it."""

    stream_type: Literal["mpegts"] = "mpegts"
    start_time: datetime = Field(description="UTC")
    end_time: datetime = Field(description="UTC")
    rx_bitrate_kbps: int = Field(ge=0)
    rx_packets: int = Field(ge=0)
    rx_packet_loss: float = Field(ge=0, le=100, description="percent of the packets received")
    rx_jitter_ms: float = Field(ge=0)
    tx_bitrate_kbps: int = Field(ge=0)
    tx_packets: int = Field(ge=0)
    tx_packet_loss: float = Field(ge=0, le=100, description="percent of the packets sent")
    tx_rtt_ms: float = Field(ge=0)
    tx_dropped: int = Field(ge=0, description="packets given up on (not recovered by retransmission)")


class OutputSessionStarted(AgentEvent):
    """The agent (its process ``boot_id``) started feeding an output for a schedule entry at ``start_time``: the
    session ``session_id`` is open until its ``cenv.OutputSessionEnded``. Should that never come (the process died),
    the platform ends it when the agent is back under another boot or the environment stops."""

    TYPE: ClassVar[str] = "cenv.OutputSessionStarted"
    session_id: uuid.UUID
    boot_id: uuid.UUID
    schedule_id: uuid.UUID
    input_id: str
    output_id: str
    start_time: datetime


class OutputSessionEnded(AgentEvent):
    """The agent stopped feeding an output it fed for a schedule entry from ``start_time``: the entry ``ended``, was
    ``withdrawn`` from the set (deleted, disconnected, moved), or the environment's media stopped. ``session_id`` is
    fixed by the environment, output, schedule and start, so a report sent again is the same session."""

    TYPE: ClassVar[str] = "cenv.OutputSessionEnded"
    session_id: uuid.UUID
    schedule_id: uuid.UUID
    input_id: str
    output_id: str
    start_time: datetime
    end_time: datetime
    reason: SessionEnd
    media_streams: list[SessionStream] = Field(default_factory=list, max_length=16)


SCHEDULE_PROTOCOL = (
    ApplyScheduleSet, ScheduleSetApplied, ScheduleSetReported, DumpScheduleState, ScheduleStateDumped,
    OutputSessionStarted, OutputSessionEnded,
)  # fmt: skip
