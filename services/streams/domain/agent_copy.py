"""What an environment's agent holds of each input, and what to send it again: decisions on the input aggregate.

The agent answers every configuration command with the version it holds; it reports all it holds when it
(re)connects. Anything it lacks, or holds stale, or holds although the input is not (or no longer) on its
environment, goes again, and an unanswered send is chased a few times.
"""

from __future__ import annotations

import uuid

from streams.domain.events import DomainEvent, InputConfigurationResent, InputHeldByAgent, InputRemovalResent
from streams.domain.inputs import Input


def on(current: Input, environment_id: uuid.UUID) -> bool:
    return current.version > 0 and current.environment_id == environment_id


def held(current: Input, environment_id: uuid.UUID, version: int) -> list[DomainEvent]:
    """An answer: the agent holds ``version``. One older than what we know it holds, or newer than anything we
    sent (an answer about an earlier life on another environment, say), changes nothing."""
    if not on(current, environment_id) or not current.applied < version <= current.version:
        return []
    return [_held(current, version)]


def resend(current: Input, attempt: int) -> list[DomainEvent]:
    """The input's configuration, or its removal, sent again as ``attempt``."""
    assert current.environment_id is not None
    common = {"organisation_id": current.organisation_id, "environment_id": current.environment_id,
              "input_id": current.input_id, "version": current.version, "attempt": attempt}  # fmt: skip
    if current.live:
        return [InputConfigurationResent(**common, kind=current.kind, settings=dict(current.settings))]
    return [InputRemovalResent(**common)]


def chase(current: Input, max_attempts: int) -> list[DomainEvent]:
    """A send that went unanswered goes again, until ``max_attempts`` sends of that version were made."""
    if current.applied >= current.version or current.attempts >= max_attempts:
        return []
    return resend(current, current.attempts + 1)


def reported(
    current: Input, organisation_id: int, environment_id: uuid.UUID, input_id: str, held_version: int | None
) -> list[DomainEvent]:
    """The agent of ``environment_id`` (re)connected holding ``held_version`` of the input (None: nothing)."""
    if not on(current, environment_id):
        return [] if held_version is None else _remove_elsewhere(current, organisation_id, environment_id, input_id,
                                                                  held_version)  # fmt: skip
    holds = current.version if held_version is None and not current.live else held_version or 0
    if holds == current.version:
        return [] if current.applied == holds else [_held(current, holds)]
    recorded = [] if current.applied == holds else [_held(current, holds)]
    return [*recorded, *resend(current, 1)]


def _held(current: Input, version: int) -> InputHeldByAgent:
    assert current.environment_id is not None
    return InputHeldByAgent(organisation_id=current.organisation_id, environment_id=current.environment_id,
                            input_id=current.input_id, version=version)  # fmt: skip


def _remove_elsewhere(
    current: Input, organisation_id: int, environment_id: uuid.UUID, input_id: str, held_version: int
) -> list[DomainEvent]:
    """The id lives on another environment now (or never lived here): the version must pass the one it holds."""
    version = max(current.version, held_version + 1)
    return [InputRemovalResent(organisation_id=organisation_id, environment_id=environment_id, input_id=input_id,
                               version=version, attempt=1)]  # fmt: skip
