"""The output aggregate, one stream per output id of a taker organisation: ids are unique per taker, and a deleted
output's id can be used again (its stream starts a new life, its configuration version keeps growing).
Whether the output is started is part of the configuration its c_env holds (decision 50)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any, ClassVar

from common.errors import Conflict, NotFound
from streams.contract.outputs import OutputKind
from streams.domain.agent_copy import followed
from streams.domain.events import (
    DomainEvent,
    OutputChanged,
    OutputConfigurationEvent,
    OutputCreated,
    OutputDeleted,
    OutputStarted,
    OutputStopped,
)

STREAM_PREFIX = "output-"


def stream_id(taker_id: int, output_id: str) -> str:
    return f"{STREAM_PREFIX}{taker_id}-{output_id}"


@dataclass(frozen=True)
class Output:
    live: bool = False
    taker_id: int = 0
    output_id: str = ""
    environment_id: uuid.UUID | None = None
    kind: OutputKind = "zixi_pull"
    settings: Mapping[str, Any] = field(default_factory=dict)
    agreement_id: uuid.UUID | None = None  # the permanent-schedule agreement it was created on
    version: int = 0  # of the configuration the c_env should hold (a deleted output: of its removal)
    applied: int = 0  # the version the environment's agent said it holds
    attempts: int = 0  # sends of ``version`` so far
    enabled: bool = True  # started (A109) rather than stopped (A110)
    SIDE: ClassVar[str] = "output"

    @property
    def organisation_id(self) -> int:
        return self.taker_id

    @property
    def endpoint_id(self) -> str:
        return self.output_id

    @property
    def runs(self) -> bool:
        return self.enabled


def evolve(current: Output, event: DomainEvent) -> Output:
    if isinstance(event, OutputConfigurationEvent):
        current = replace(current, version=event.version, attempts=1)
    match event:
        case OutputCreated():
            return replace(current, live=True, taker_id=event.organisation_id, output_id=event.output_id,
                           environment_id=event.environment_id, kind=event.kind, settings=event.settings,
                           enabled=True, agreement_id=event.agreement_id)  # fmt: skip
        case OutputChanged():
            return replace(current, settings=event.settings)
        case OutputDeleted():
            return replace(current, live=False)
        case OutputStarted() | OutputStopped():
            return replace(current, enabled=isinstance(event, OutputStarted))
    return replace(current, **followed(current, event))


def fold(events: Sequence[DomainEvent]) -> Output:
    return reduce(evolve, events, Output())


def create(
    current: Output, taker_id: int, environment_id: uuid.UUID, output_id: str, kind: OutputKind,
    settings: Mapping[str, Any], agreement_id: uuid.UUID | None = None,
) -> list[DomainEvent]:  # fmt: skip
    if current.live:
        raise Conflict(f"the organisation already has an output with id {output_id!r}", "id")
    return [OutputCreated(organisation_id=taker_id, environment_id=environment_id, output_id=output_id, kind=kind,
                          settings=dict(settings), version=current.version + 1,
                          agreement_id=agreement_id)]  # fmt: skip


def on(current: Output, environment_id: uuid.UUID) -> Output:
    if not current.live or current.environment_id != environment_id:
        raise NotFound("output not found")
    return current


def of_kind(current: Output, environment_id: uuid.UUID, kind: OutputKind) -> Output:
    if on(current, environment_id).kind != kind:
        raise Conflict(f"output {current.output_id!r} is a {current.kind} output, not a {kind} one")
    return current


def change(
    current: Output, environment_id: uuid.UUID, kind: OutputKind, settings: Mapping[str, Any], new_secret: bool
) -> list[DomainEvent]:
    """The same configuration records nothing, unless a secret was sent: the log cannot tell whether it differs."""
    if of_kind(current, environment_id, kind).settings == settings and not new_secret:
        return []
    return [OutputChanged(organisation_id=current.taker_id, environment_id=environment_id,
                          output_id=current.output_id, kind=kind, settings=dict(settings), running=current.enabled,
                          version=current.version + 1)]  # fmt: skip


def delete(current: Output, environment_id: uuid.UUID) -> list[DomainEvent]:
    on(current, environment_id)
    return [OutputDeleted(organisation_id=current.taker_id, environment_id=environment_id,
                          output_id=current.output_id, version=current.version + 1,
                          agreement_id=current.agreement_id)]  # fmt: skip


def start(current: Output, environment_id: uuid.UUID) -> list[DomainEvent]:
    """A109: the output's media runs; one already started changes nothing."""
    return [] if on(current, environment_id).enabled else [OutputStarted(**_whole(current, environment_id))]


def stop(current: Output, environment_id: uuid.UUID) -> list[DomainEvent]:
    """A110: the output's media stops; one already stopped changes nothing."""
    return [OutputStopped(**_whole(current, environment_id))] if on(current, environment_id).enabled else []


def _whole(current: Output, environment_id: uuid.UUID) -> dict[str, Any]:
    return {
        "organisation_id": current.taker_id,
        "environment_id": environment_id,
        "output_id": current.output_id,
        "kind": current.kind,
        "settings": dict(current.settings),
        "version": current.version + 1,
    }
