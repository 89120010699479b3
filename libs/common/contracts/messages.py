"""The message catalogue. Commands are imperative, events past tense; ``TYPE`` is ``<producer>.<Name>``.

ROUTE decides the exchange: ``event`` → switchyard.events, ``command`` → switchyard.commands,
``agent_command`` → switchyard.cenv.commands and ``agent_event`` → switchyard.cenv.events (the
last two keyed by environment id so broker permissions can confine each agent to its own keys).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from common.contracts.envelope import Message, Route

MediaState = Literal["running", "stopped"]


class IntegrationEvent(Message):
    ROUTE: ClassVar[Route] = "event"


class Command(Message):
    ROUTE: ClassVar[Route] = "command"


class OrganisationEvent(IntegrationEvent):
    """An event that concerns one organisation; the gateway's activity log projects these."""

    organisation_id: int
    actor_user_id: uuid.UUID | None = None


# --- gateway -------------------------------------------------------------------------------


class OrganisationCreated(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.OrganisationCreated"
    name: str


class OrganisationDeleted(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.OrganisationDeleted"


class UserJoinedOrganisation(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.UserJoinedOrganisation"
    user_id: uuid.UUID
    permission_type: str


class UserLeftOrganisation(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.UserLeftOrganisation"
    user_id: uuid.UUID


class SourceInvitationAccepted(OrganisationEvent):
    """organisation_id is the source (owner) organisation."""

    TYPE: ClassVar[str] = "gateway.SourceInvitationAccepted"
    invitation_id: uuid.UUID
    guest_organisation_id: int


class SourceInvitationDeleted(OrganisationEvent):
    """The guest lost access to the owner's resources (deleted by the owner, or the guest left)."""

    TYPE: ClassVar[str] = "gateway.SourceInvitationDeleted"
    invitation_id: uuid.UUID
    guest_organisation_id: int | None


class SourcePermissionsChanged(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.SourcePermissionsChanged"
    invitation_id: uuid.UUID
    guest_organisation_id: int | None
    show_all_channels: bool
    show_all_events: bool
    registered: bool
    billing_source: str
    global_max_destinations: int
    input_ids: list[str] = Field(default_factory=list)
    label_ids: list[uuid.UUID] = Field(default_factory=list)


# --- billing -------------------------------------------------------------------------------


class CreditsExhausted(OrganisationEvent):
    """An organisation on free credits has used them all up."""

    TYPE: ClassVar[str] = "billing.CreditsExhausted"


# --- environments --------------------------------------------------------------------------


class EnvironmentEvent(OrganisationEvent):
    environment_id: uuid.UUID


class EnvironmentRequested(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentRequested"
    name: str
    cloud_provider: str
    region: str
    instance_type: str


class EnvironmentStateChanged(EnvironmentEvent):
    """Every lifecycle transition; ``reason`` explains failures."""

    TYPE: ClassVar[str] = "environments.EnvironmentStateChanged"
    previous_state: str
    state: str
    reason: str | None = None


class EnvironmentBecameRunning(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentBecameRunning"


class EnvironmentDeleted(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentDeleted"


class EnvironmentBecameUnreachable(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentBecameUnreachable"
    last_heartbeat_at: datetime | None


class EnvironmentRecovered(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentRecovered"


class EnvironmentDegraded(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentDegraded"
    command_id: uuid.UUID
    reason: str


class ProvisionEnvironment(Command):
    TYPE: ClassVar[str] = "environments.ProvisionEnvironment"
    environment_id: uuid.UUID
    organisation_id: int
    attempt: int = Field(ge=1)
    cloud_provider: str
    region: str
    instance_type: str


class DecommissionEnvironment(Command):
    TYPE: ClassVar[str] = "environments.DecommissionEnvironment"
    environment_id: uuid.UUID


# --- c_env agent protocol --------------------------------------------------------------------


class AgentCommand(Message):
    """A command to one environment's agent; the agent acknowledges ``command_id``."""

    ROUTE: ClassVar[Route] = "agent_command"
    environment_id: uuid.UUID
    command_id: uuid.UUID


class StartEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.StartEnvironment"


class StopEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.StopEnvironment"


class RestartEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.RestartEnvironment"


class UpdateEnvironment(AgentCommand):
    """Quick update from git: the agent pulls the newest configuration and reloads."""

    TYPE: ClassVar[str] = "cenv.UpdateEnvironment"


class UpgradeEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.UpgradeEnvironment"
    target_version: str


class ShutdownAgent(AgentCommand):
    """The environment is being deleted: stop everything and exit."""

    TYPE: ClassVar[str] = "cenv.ShutdownAgent"


class AgentEvent(Message):
    ROUTE: ClassVar[Route] = "agent_event"
    environment_id: uuid.UUID


class Load(Message):
    cpu_percent: float = Field(ge=0)
    memory_rss_bytes: int = Field(ge=0)
    inputs: int = Field(0, ge=0)
    outputs: int = Field(0, ge=0)
    bandwidth_kbps: int = Field(0, ge=0)


class AgentProvisioned(AgentEvent):
    TYPE: ClassVar[str] = "cenv.Provisioned"
    agent_version: str
    boot_id: uuid.UUID


class AgentStateReported(AgentEvent):
    """Sent on every (re)connect and after every command: the agent's whole state."""

    TYPE: ClassVar[str] = "cenv.StateReported"
    boot_id: uuid.UUID
    media_state: MediaState
    version: str
    last_command_id: uuid.UUID | None = None


class AgentHeartbeat(AgentEvent):
    TYPE: ClassVar[str] = "cenv.Heartbeat"
    boot_id: uuid.UUID
    media_state: MediaState
    load: Load


class CommandAcknowledged(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandAcknowledged"
    command_id: uuid.UUID
    command_type: str


class CommandCompleted(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandCompleted"
    command_id: uuid.UUID
    command_type: str
    media_state: MediaState
    version: str


class CommandFailed(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandFailed"
    command_id: uuid.UUID
    command_type: str
    reason: str
