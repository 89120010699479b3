"""The full schedule set of a c_env: every booking that still needs to do something (it has not ended) whose input
and output are still on the environment and that the environment's capacity lets start (``capacity``), in a
deterministic order so an unchanged set compares equal."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
    with _collector_paused():
        return _items(env, now)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A recompute allocates an object or more per entry and makes no cycles; beside an environment of 100k
    bookings the cyclic collector would rescan the heap over and over, making it grow worse than linearly (bench
    figure 12). Synchronous, so no other task allocates meanwhile."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _items(env: Environment, now: datetime) -> list[dict[str, Any]]:
    pending = list(_pending(env, now))
    left_out = _refused(env, pending)
    kept = [b for schedule_id, b in pending if schedule_id not in left_out] if left_out else [b for _, b in pending]
    kept.sort(key=lambda b: (b.start, b.output_id, b.schedule_text))  # a UUID orders as its text does
    instant = _Instants()
    return [{"schedule_id": b.schedule_text, "input_id": b.input_id, "output_id": b.output_id,
             "start": instant(b.start), "end": instant(b.end)} for b in kept]  # fmt: skip


class _Instants(dict[datetime, str]):
    """Each instant's text, made once: the entries of a set share their starts and ends."""

    def __call__(self, when: datetime) -> str:
        return self[when]

    def __missing__(self, when: datetime) -> str:
        self[when] = text = when.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return text


def refused(env: Environment, now: datetime) -> frozenset[uuid.UUID]:
    """The pending bookings not started for the environment's capacity."""
    return _refused(env, list(_pending(env, now)))


def _refused(env: Environment, pending: list[tuple[uuid.UUID, Booked]]) -> frozenset[uuid.UUID]:
    if env.capacity is None:
        return frozenset()
    return capacity.refused(
        (capacity.Candidate(schedule_id, b.start, b.end, _bitrate(env, b), b.permanent, b.ordinal)
         for schedule_id, b in pending),
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
