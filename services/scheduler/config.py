"""Scheduler settings, read from the environment."""

from __future__ import annotations

from pydantic import Field

from common.settings import ServiceSettings
from switchyard.services import port_setting

SCHEMA = "scheduler"


class SchedulerSettings(ServiceSettings):
    port: int = port_setting("scheduler")
    set_timeout_seconds: float = Field(
        10.0, gt=0, validation_alias="SWITCHYARD_SCHEDULE_SET_TIMEOUT_SECONDS",
        description="a schedule set the agent has not said it holds within this is sent again",
    )  # fmt: skip
    set_max_attempts: int = Field(5, ge=1, validation_alias="SWITCHYARD_SCHEDULE_SET_MAX_ATTEMPTS")
    sweep_seconds: float = Field(2.0, gt=0, validation_alias="SWITCHYARD_SWEEP_SECONDS")
    dump_wait_seconds: float = Field(
        3.0, gt=0, validation_alias="SWITCHYARD_SCHEDULE_DUMP_WAIT_SECONDS",
        description="how long a dump (A202) waits for the agent's answer",
    )  # fmt: skip
    history_keep: int = Field(
        10_000, ge=1, validation_alias="SWITCHYARD_HISTORY_KEEP",
        description="the finished schedule runs and the output sessions kept per organisation for the history API "
        "(P09), each; the oldest go",
    )  # fmt: skip
