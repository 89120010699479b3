"""Why an output session stopped: the agent's word made precise by what the scheduler knows of the schedule."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from cenv_agent.contract.schedules import OutputSessionEnded, SessionEnd
from scheduler.adapters.sessions import disconnect_reason

ENDED_AT = datetime(2030, 1, 1, tzinfo=UTC)


def session(reason: SessionEnd) -> OutputSessionEnded:
    return OutputSessionEnded(environment_id=uuid.uuid4(), session_id=uuid.uuid4(), schedule_id=uuid.uuid4(),
                              input_id="in", output_id="out", start_time=ENDED_AT - timedelta(minutes=5),
                              end_time=ENDED_AT, reason=reason)  # fmt: skip


def schedule(deleted: bool = False, disconnected: bool = False, ends_in_minutes: float = 30) -> dict[str, object]:
    return {"deleted": deleted, "disconnected": disconnected, "end_time": ENDED_AT + timedelta(minutes=ends_in_minutes)}


@pytest.mark.parametrize(
    ("agent_said", "row", "recorded"),
    [
        ("ended", schedule(), "ended"),
        ("media_stopped", schedule(deleted=True), "environment_stopped"),
        ("withdrawn", schedule(deleted=True), "deleted"),
        ("withdrawn", schedule(disconnected=True, ends_in_minutes=0), "disconnected"),
        ("withdrawn", schedule(ends_in_minutes=-0.01), "ended"),  # its end moved before the agent's tick saw it
        ("withdrawn", schedule(), "withdrawn"),  # moved later, its input or output gone, capacity
    ],
)
def test_the_recorded_reason(agent_said: SessionEnd, row: dict[str, object], recorded: str) -> None:
    assert disconnect_reason(session(agent_said), row) == recorded
