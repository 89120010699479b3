"""The full schedule set of a c_env: every booking that still needs to do something (it has not ended) whose input
and output are still on the environment, in a deterministic order so an unchanged set compares equal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cenv_agent.contract.schedules import ScheduleEntry
from scheduler.domain.environment import Environment

KIND = "schedules"


def entries(env: Environment, now: datetime) -> list[ScheduleEntry]:
    wanted = [
        ScheduleEntry(schedule_id=schedule_id, input_id=b.input_id, output_id=b.output_id, start=b.start, end=b.end)
        for schedule_id, b in env.bookings.items()
        if b.end > now
        and env.has_output(b.taker_id, b.output_id)
        and env.has_input(b.input_organisation_id, b.input_id)
    ]
    return sorted(wanted, key=lambda e: (e.start, e.output_id, str(e.schedule_id)))


def items(env: Environment, now: datetime) -> list[dict[str, Any]]:
    """The set as the JSON a ``full_sets`` event keeps."""
    return [entry.model_dump(mode="json") for entry in entries(env, now)]
