"""What an environment's agent holds of each input and each output, and what to send it again: decisions on the
endpoint's aggregate, one mechanism for both kinds of stream endpoint.

The agent answers every configuration command with the version it holds; it reports all it holds when it
(re)connects. Anything it lacks, or holds stale, or holds although the endpoint is not (or no longer) on its
environment, goes again, and an unanswered send is chased a few times.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

from streams.domain.bitrates import bitrate_of
from streams.domain.events import (
    DomainEvent,
    InputConfigurationResent,
    InputHeldByAgent,
    InputRemovalResent,
    OutputConfigurationResent,
    OutputHeldByAgent,
    OutputRemovalResent,
)


class Copy(Protocol):
    """An input or output aggregate, as far as its agent's copy goes."""

    SIDE: ClassVar[str]  # "input" or "output": names its id field and its events

    @property
    def live(self) -> bool: ...
    @property
    def organisation_id(self) -> int: ...
    @property
    def endpoint_id(self) -> str: ...
    @property
    def environment_id(self) -> uuid.UUID | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def settings(self) -> Mapping[str, Any]: ...
    @property
    def version(self) -> int: ...  # of the configuration the c_env should hold (deleted: of its removal)
    @property
    def applied(self) -> int: ...  # the version the environment's agent said it holds
    @property
    def attempts(self) -> int: ...  # sends of ``version`` so far
    @property
    def runs(self) -> bool: ...  # started rather than stopped (nor stopped by the agent's guard): part of it sent


HELD = (InputHeldByAgent, OutputHeldByAgent)
RESENT = (InputConfigurationResent, InputRemovalResent, OutputConfigurationResent, OutputRemovalResent)
EVENTS: dict[str, tuple[type[DomainEvent], type[DomainEvent], type[DomainEvent]]] = {
    "input": (InputHeldByAgent, InputConfigurationResent, InputRemovalResent),
    "output": (OutputHeldByAgent, OutputConfigurationResent, OutputRemovalResent),
}
"""Per side: the agent holds a version, a configuration sent again, a removal sent again."""


def followed(current: Copy, event: DomainEvent) -> dict[str, Any]:
    """The copy's part of the endpoint's fold: the fields an answer or a re-send on its environment changes."""
    if isinstance(event, HELD) and event.environment_id == current.environment_id:
        return {"applied": event.version}
    if isinstance(event, RESENT) and event.environment_id == current.environment_id:
        return {"attempts": event.attempt}
    return {}


def on(current: Copy, environment_id: uuid.UUID) -> bool:
    return current.version > 0 and current.environment_id == environment_id


def held(current: Copy, environment_id: uuid.UUID, version: int, running: bool | None = None) -> list[DomainEvent]:
    """An answer: the agent holds ``version`` (its media ``running`` or not). One older than what we know it holds,
    or newer than anything we sent (an answer about an earlier life on another environment, say), changes
    nothing."""
    if not on(current, environment_id) or not current.applied < version <= current.version:
        return []
    return [_held(current, version, running)]


def resend(current: Copy, attempt: int) -> list[DomainEvent]:
    """The endpoint's configuration, or its removal, sent again as ``attempt``."""
    assert current.environment_id is not None
    _, configuration, removal = EVENTS[current.SIDE]
    common = _about(current, current.organisation_id, current.environment_id, current.endpoint_id)
    common |= {"version": current.version, "attempt": attempt}
    if current.live:
        return [configuration.model_validate({**common, "kind": current.kind, "settings": dict(current.settings),
                                              "running": current.runs})]  # fmt: skip
    return [removal.model_validate(common)]


def chase(current: Copy, max_attempts: int) -> list[DomainEvent]:
    """A send that went unanswered goes again, until ``max_attempts`` sends of that version were made."""
    if current.applied >= current.version or current.attempts >= max_attempts:
        return []
    return resend(current, current.attempts + 1)


def reported(
    current: Copy, organisation_id: int, environment_id: uuid.UUID, endpoint_id: str, held_version: int | None
) -> list[DomainEvent]:
    """The agent of ``environment_id`` (re)connected holding ``held_version`` of the endpoint (None: nothing)."""
    if not on(current, environment_id):
        return [] if held_version is None else _remove_elsewhere(current, organisation_id, environment_id,
                                                                  endpoint_id, held_version)  # fmt: skip
    holds = current.version if held_version is None and not current.live else held_version or 0
    if holds == current.version:
        return [] if current.applied == holds else [_held(current, holds)]
    recorded = [] if current.applied == holds else [_held(current, holds)]
    return [*recorded, *resend(current, 1)]


def _about(current: Copy, organisation_id: int, environment_id: uuid.UUID, endpoint_id: str) -> dict[str, Any]:
    return {"organisation_id": organisation_id, "environment_id": environment_id,
            f"{current.SIDE}_id": endpoint_id}  # fmt: skip


def _held(current: Copy, version: int, running: bool | None = None) -> DomainEvent:
    assert current.environment_id is not None
    recorded, _, _ = EVENTS[current.SIDE]
    about = _about(current, current.organisation_id, current.environment_id, current.endpoint_id)
    bitrate = current.settings.get("bitrate") if current.SIDE == "output" else bitrate_of(current.settings) or None
    return recorded.model_validate({**about, "version": version, "running": running, "bitrate_kbps": bitrate})


def _remove_elsewhere(
    current: Copy, organisation_id: int, environment_id: uuid.UUID, endpoint_id: str, held_version: int
) -> list[DomainEvent]:
    """The id lives on another environment now (or never lived here): the version must pass the one it holds."""
    _, _, removal = EVENTS[current.SIDE]
    version = max(current.version, held_version + 1)
    about = _about(current, organisation_id, environment_id, endpoint_id)
    return [removal.model_validate({**about, "version": version, "attempt": 1})]
