"""The full schedule set of a c_env: every booking that still needs to do something (it has not ended) whose input
and output are still on the environment and that the environment's capacity lets start (``capacity``), in a
deterministic order so an unchanged set compares equal."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from cenv_agent.contract.schedules import ScheduleEntry
from scheduler.domain import capacity
from scheduler.domain.environment import Booked, Environment

KIND = "schedules"


def entries(env: Environment, now: datetime) -> list[ScheduleEntry]:
    return [ScheduleEntry.model_validate(item) for item in items(env, now)]


def items(env: Environment, now: datetime) -> list[dict[str, Any]]:
    """The set as the JSON a ``full_sets`` event keeps (``ScheduleEntry``'s fields; built directly, as a set may
    hold thousands)."""
    left_out = refused(env, now)
    wanted = sorted(
        ((schedule_id, b) for schedule_id, b in _pending(env, now) if schedule_id not in left_out),
        key=lambda item: (item[1].start, item[1].output_id, str(item[0])),
    )  # fmt: skip
    return [{"schedule_id": str(schedule_id), "input_id": b.input_id, "output_id": b.output_id,
             "start": _instant(b.start), "end": _instant(b.end)} for schedule_id, b in wanted]  # fmt: skip


def _instant(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def refused(env: Environment, now: datetime) -> frozenset[uuid.UUID]:
    """The pending bookings not started for the environment's capacity."""
    return capacity.refused(
        (capacity.Candidate(schedule_id, b.start, b.end, _bitrate(env, b), b.permanent, b.ordinal)
         for schedule_id, b in _pending(env, now)),
        env.capacity,
    )  # fmt: skip


def _pending(env: Environment, now: datetime) -> Iterator[tuple[uuid.UUID, Booked]]:
    """A permanent booking runs only while its output's agreement does."""
    for schedule_id, b in env.bookings.items():
        if (
            b.end > now
            and env.has_output(b.taker_id, b.output_id)
            and env.has_input(b.input_organisation_id, b.input_id)
            and (not b.permanent or (b.taker_id, b.output_id) in env.agreements)
        ):
            yield schedule_id, b


def _bitrate(env: Environment, b: Booked) -> int:
    return env.inputs[b.input_organisation_id, b.input_id].bitrate_kbps
