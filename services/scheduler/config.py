"""Scheduler settings, read from the environment."""

from __future__ import annotations

from pydantic import Field

from common.settings import ServiceSettings

SCHEMA = "scheduler"


class SchedulerSettings(ServiceSettings):
    port: int = Field(8083, validation_alias="SWITCHYARD_SCHEDULER_PORT")
