"""Decisions on an input about the bitrate guard of its c_env (A084, A085), and on an input or output about
resetting its statistics (A075, A107). Each guard mark is said once: until the input is started again (which
clears both marks), another report changes nothing."""

from __future__ import annotations

import uuid

from common.errors import Conflict
from streams.domain import inputs, outputs
from streams.domain.environment import Environment
from streams.domain.events import (
    DomainEvent,
    InputMarkedStopped,
    InputStatisticsReset,
    InputWarnedRunningHot,
    OutputStatisticsReset,
)


def _measured(current: inputs.Input, bitrate: int | None, limit: int | None) -> dict[str, object]:
    known = current.settings.get("max_allowed_bitrate_kbps")
    return {"organisation_id": current.organisation_id, "environment_id": current.environment_id,
            "input_id": current.input_id, "bitrate_kbps": bitrate,
            "max_allowed_bitrate_kbps": limit if limit is not None else known}  # fmt: skip


def mark_stopped(
    current: inputs.Input, environment_id: uuid.UUID, bitrate: int | None, limit: int | None
) -> list[DomainEvent]:
    if inputs.on(current, environment_id).input_stopped:
        return []
    return [InputMarkedStopped.model_validate(_measured(current, bitrate, limit))]


def warn_running_hot(
    current: inputs.Input, environment_id: uuid.UUID, bitrate: int | None, limit: int | None
) -> list[DomainEvent]:
    """A stopped input is past warning."""
    if inputs.on(current, environment_id).warning_sent or current.input_stopped:
        return []
    return [InputWarnedRunningHot.model_validate(_measured(current, bitrate, limit))]


def running(env: Environment) -> Environment:
    """Statistics commands go only to an environment whose agent runs its media."""
    if env.state != "running":
        raise Conflict(f"the environment is {env.state or 'not known yet'}: its statistics cannot change",
                       "environment_id")  # fmt: skip
    return env


def reset_input(current: inputs.Input, environment_id: uuid.UUID, request_id: uuid.UUID) -> list[DomainEvent]:
    inputs.on(current, environment_id)
    return [InputStatisticsReset(organisation_id=current.organisation_id, environment_id=environment_id,
                                 input_id=current.input_id, request_id=request_id)]  # fmt: skip


def reset_output(current: outputs.Output, environment_id: uuid.UUID, request_id: uuid.UUID) -> list[DomainEvent]:
    outputs.on(current, environment_id)
    return [OutputStatisticsReset(organisation_id=current.taker_id, environment_id=environment_id,
                                  output_id=current.output_id, request_id=request_id)]  # fmt: skip
