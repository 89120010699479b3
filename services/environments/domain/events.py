"""What happens to an environment, as frozen types; the store's codec names and serialises them (adapters)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer

from environments.domain.lifecycle import AgentCommandKind, State

# as the stored rows have always written it (``isoformat``), so new rows read like old ones
IsoDatetime = Annotated[datetime, PlainSerializer(datetime.isoformat, when_used="json")]


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Transition(DomainEvent):
    """A step of the lifecycle, from the state it was in to ``state`` (which may be the same)."""

    previous_state: State | None
    state: State


class Explained(DomainEvent):
    reason: str | None = None


class FromAgent(DomainEvent):
    """Caused by a report of the agent's: which boot sent it, and where it stands among that boot's reports."""

    boot_id: uuid.UUID | None = None
    sequence: int = 0


class Observation(DomainEvent):
    """Noted about the environment without moving its lifecycle: no deadline waits on it."""


class EnvironmentRequested(Transition):
    environment_id: uuid.UUID
    organisation_id: int
    name: str
    cloud_provider: str
    region: str
    instance_type: str


class ProvisioningRequested(Transition):
    attempt: int


class ProvisioningStarted(Transition):
    attempt: int


class ProvisioningFailed(Transition, Explained):
    attempt: int
    reason: str


class AgentProvisioned(Transition, FromAgent):
    agent_version: str


class LifecycleCommandIssued(Transition, Explained, FromAgent):
    command_id: uuid.UUID
    command: AgentCommandKind
    target_version: str | None = None


class CommandReissued(DomainEvent):
    command_id: uuid.UUID
    attempt: int
    command: AgentCommandKind
    target_version: str | None = None


class CommandAcknowledged(Observation):
    command_id: uuid.UUID


class CommandCompleted(Transition, FromAgent):
    command_id: uuid.UUID
    version: str
    media_state: str | None = None


class CommandFailed(Transition, Explained):
    command_id: uuid.UUID
    reason: str


class CommandExpired(Explained):
    command_id: uuid.UUID
    reason: str


class StateSettled(Transition, Explained, FromAgent):
    """The agent reported the media state a transition wanted, so the transition is over."""

    reason: str


class TransitionReverted(Transition, Explained):
    """No agent confirmed a transition whose command expired, so the environment went back to where it was."""

    reason: str


class DecommissionRequested(Transition, Explained):
    reason: str


class Decommissioned(Transition):
    pass


class AgentRelaunched(Observation, Explained):
    """The driver ran no agent for an environment that needs one, so it launched one (its disk is kept)."""

    reason: str


class BecameUnreachable(Observation):
    last_heartbeat_at: IsoDatetime | None


class Recovered(Observation):
    pass


class CreationAcknowledged(Observation):
    user_id: uuid.UUID


class Resized(Observation):
    """The environment's agent said it now runs on ``instance_type`` (a scale up or down, decision 88), as the
    scheduler noted it at its ``scheduler_version`` of the environment (a newer one wins)."""

    instance_type: str
    scheduler_version: int


ALL: tuple[type[DomainEvent], ...] = (
    EnvironmentRequested, ProvisioningRequested, ProvisioningStarted, ProvisioningFailed, AgentProvisioned,
    LifecycleCommandIssued, CommandReissued, CommandAcknowledged, CommandCompleted, CommandFailed, CommandExpired,
    StateSettled, TransitionReverted, DecommissionRequested, Decommissioned, AgentRelaunched, BecameUnreachable,
    Recovered, CreationAcknowledged, Resized,
)  # fmt: skip


@dataclass(frozen=True)
class Happened:
    """An event with the time the store recorded it (deadlines count from it)."""

    event: DomainEvent
    at: datetime
