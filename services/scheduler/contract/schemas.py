"""Request and response models of schedules (A197, A198, A203–A206)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from scheduler.contract.times import FORMAT_HELP, NOW, START_PATTERN, WHEN_PATTERN, parse_start, parse_when

EndpointId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]


def _start(value: str) -> str:
    parse_start(value)
    return value


def _end(value: str) -> str:
    parse_when(value)
    return value


StartTime = Annotated[str, StringConstraints(max_length=40, pattern=START_PATTERN), AfterValidator(_start)]
EndTime = Annotated[str, StringConstraints(max_length=40, pattern=WHEN_PATTERN), AfterValidator(_end)]
START_HELP = f'{FORMAT_HELP}, or "{NOW}": start it now'
END_HELP = f"{FORMAT_HELP}; after the start and in the future"
ScheduleStatus = Literal["scheduled", "running", "finished"]
StatusNow = Literal["scheduled", "running", "finished", "failed", "not_started"]
STATUS_HELP = (
    "scheduled (before its start), running or finished (by the clock); failed when its input or output (or, for a "
    "permanent schedule, its output's agreement) went before it finished; not_started when its environment's "
    "capacity does not let it start (the reason says so)"
)


InstanceType = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9.-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateSchedule(Strict):
    input_id: EndpointId = Field(description="the source: an input of your managing organisation")
    output_id: EndpointId = Field(description="the destination: an output your managing organisation takes, on the "
                                              "input's environment")  # fmt: skip
    start_time: StartTime = Field(description=START_HELP)
    end_time: EndTime = Field(description=END_HELP)


class CreatePermanentSchedule(Strict):
    input_id: EndpointId = Field(description="the source: an input of your managing organisation whose maximum "
                                             "bitrate is within the agreement's")  # fmt: skip
    output_id: EndpointId = Field(description="the destination: an output your managing organisation takes, bound to "
                                              "an unexpired permanent-schedule agreement")  # fmt: skip
    start_time: StartTime | None = Field(None, description=f"{START_HELP}; left out, now")


class UpdateSchedule(Strict):
    """Only the times change (source and destination never do); a time left out stays."""

    start_time: StartTime | None = Field(None, description=f"{START_HELP}; left out, the start stays (a running "
                                                           "entry can be extended)")  # fmt: skip
    end_time: EndTime | None = Field(None, description=END_HELP)

    @model_validator(mode="after")
    def _something(self) -> UpdateSchedule:
        if self.start_time is None and self.end_time is None:
            raise ValueError("send start_time, end_time or both")
        return self


class ScheduleWindow(BaseModel):
    id: uuid.UUID
    organisation_id: int = Field(description="the managing organisation that made it: the output's taker")
    environment_id: uuid.UUID
    input_id: str
    output_id: str
    start_time: datetime = Field(description="UTC")
    end_time: datetime = Field(description="UTC")


class ScheduleView(ScheduleWindow):
    status: ScheduleStatus
    is_event_subscription: bool = Field(False, description="made by subscribing to an event (A124)")
    event_id: uuid.UUID | None = Field(None, description="the event subscribed to")
    timed_by_event_owner: bool = Field(False, description="the subscription keeps its event's times")
    is_permanent: bool = Field(False, description="a permanent schedule (A106): it ends when its agreement expires")
    created_at: datetime
    updated_at: datetime
    resource_uri: str


class ScheduleRunView(ScheduleWindow):
    """A finished run of a schedule (P09, ``id`` the schedule's): from its start until its end or its deletion."""

    duration_seconds: float
    disconnect_reason: Literal["ended", "disconnected", "deleted"] = Field(
        description="ended: its window passed; disconnected: a command stopped it (P10); deleted: the schedule was "
        "deleted while it ran"
    )
    is_permanent: bool
    event_id: uuid.UUID | None = Field(None, description="the event an event subscription took")


class DisconnectSchedule(Strict):
    schedule_id: uuid.UUID = Field(description="a running schedule of your managing organisation")


class ScheduleCommandReply(BaseModel):
    """The command API's answer (P10): what was done and the schedule as it now is."""

    status: Literal["success"]
    message: str
    data: ScheduleView


class ScheduleStatusView(BaseModel):
    id: uuid.UUID
    status: StatusNow = Field(description=STATUS_HELP)
    reason: str | None = Field(None, description="why it failed or did not start")
    set_version: int = Field(description="the newest full schedule set of its environment (0: none yet)")
    agent_set_version: int = Field(description="the newest set the environment's agent said it holds")


class RefreshSchedules(Strict):
    """What the agent may say as its scheduler starts (A200); an empty body is a refresh of the type held."""

    instance_type: InstanceType | None = Field(
        None, description="the instance type (of the environment's cloud provider) the c_env's machine runs on now: "
                          "after a scale up or down, its capacity decides who starts")  # fmt: skip


class RefreshView(BaseModel):
    environment_id: uuid.UUID
    version: int = Field(description="the version of the environment's full set pushed (0: it has none)")


class SchedulerSide(BaseModel):
    version: int = Field(description="the newest full set computed for the environment")
    agent_version: int = Field(description="the newest the agent said it holds")
    entries: list[dict[str, Any]]


class AgentSide(BaseModel):
    version: int
    entries: list[dict[str, Any]]
    running: dict[str, Any] = Field(description="the outputs it runs, by output id: input, schedule and since when")


class ScheduleDumpView(BaseModel):
    environment_id: uuid.UUID
    scheduler: SchedulerSide
    agent: AgentSide | None = Field(description="null when the agent did not answer in time")
    agree: bool = Field(description="the agent holds the very set the scheduler computed last")
