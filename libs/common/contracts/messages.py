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


class OrganisationUpdated(OrganisationEvent):
    """Only the details that changed are set."""

    TYPE: ClassVar[str] = "gateway.OrganisationUpdated"
    name: str | None = None
    currency: str | None = None
    purchase_order_number: str | None = None


class OrganisationTokenRotated(OrganisationEvent):
    """The generated-token secret changed (the secret itself never travels)."""

    TYPE: ClassVar[str] = "gateway.OrganisationTokenRotated"


class UserPermissionChanged(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.UserPermissionChanged"
    user_id: uuid.UUID
    permission_type: str


class RootUserChanged(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.RootUserChanged"
    user_id: uuid.UUID | None


class UserDeleted(IntegrationEvent):
    TYPE: ClassVar[str] = "gateway.UserDeleted"
    user_id: uuid.UUID


class LabelCreated(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.LabelCreated"
    label_id: uuid.UUID
    text: str


class LabelRenamed(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.LabelRenamed"
    label_id: uuid.UUID
    text: str


class LabelDeleted(OrganisationEvent):
    TYPE: ClassVar[str] = "gateway.LabelDeleted"
    label_id: uuid.UUID


class SourceInvitationEvent(OrganisationEvent):
    """organisation_id is the source (owner) organisation; the guest is None until the invitation is accepted."""

    invitation_id: uuid.UUID
    guest_organisation_id: int | None


class SourceInvitationCreated(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInvitationCreated"
    destination_temporary_name: str


class SourceInvitationAccepted(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInvitationAccepted"
    guest_organisation_id: int


class SourceInvitationDeleted(SourceInvitationEvent):
    """The guest lost access to the owner's resources: deleted by the owner, left by the guest, or an
    organisation was deleted. Its destinations, schedules and alerts go too."""

    TYPE: ClassVar[str] = "gateway.SourceInvitationDeleted"
    reason: Literal["deleted_by_owner", "left_by_guest", "organisation_deleted"]


class SourcePermissionsChanged(SourceInvitationEvent):
    """The invitation's flags as they are now (unregistering also revokes every grant, announced one by one)."""

    TYPE: ClassVar[str] = "gateway.SourcePermissionsChanged"
    show_all_channels: bool
    show_all_events: bool
    registered: bool
    billing_source: Literal["source_owner", "destination_taker"]
    global_max_destinations: int = Field(ge=1, le=10)


class SourceInputAccessGranted(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInputAccessGranted"
    input_id: str
    environment_id: uuid.UUID | None


class SourceInputAccessRevoked(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceInputAccessRevoked"
    input_id: str


class SourceLabelAccessGranted(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceLabelAccessGranted"
    label_id: uuid.UUID


class SourceLabelAccessRevoked(SourceInvitationEvent):
    TYPE: ClassVar[str] = "gateway.SourceLabelAccessRevoked"
    label_id: uuid.UUID


class SourceEnvironmentSettingsChanged(SourceInvitationEvent):
    """Per-environment overrides of the invitation (None: the invitation's own setting applies)."""

    TYPE: ClassVar[str] = "gateway.SourceEnvironmentSettingsChanged"
    environment_id: uuid.UUID
    show_all_channels: bool | None
    max_destinations: int | None = Field(ge=1, le=10)


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
    """Start the environment's machine and agent (attempt n; a stale attempt is ignored)."""

    TYPE: ClassVar[str] = "environments.ProvisionEnvironment"
    environment_id: uuid.UUID
    attempt: int = Field(ge=1)


class DecommissionEnvironment(Command):
    """Release the machine, the agent's broker user and its queue: the environment is going away."""

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


AGENT_COMMANDS: dict[str, type[AgentCommand]] = {
    "start": StartEnvironment,
    "stop": StopEnvironment,
    "restart": RestartEnvironment,
    "update": UpdateEnvironment,
    "upgrade": UpgradeEnvironment,
    "shutdown": ShutdownAgent,
}
"""Each lifecycle command kind the environments service issues, and the message that carries it."""


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
    """Sent on every (re)connect: the agent's whole state. ``sequence`` orders it among the agent's
    reports and completions of the same boot, so a report overtaken by a completion is recognised."""

    TYPE: ClassVar[str] = "cenv.StateReported"
    boot_id: uuid.UUID
    sequence: int = Field(0, ge=0)
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
    boot_id: uuid.UUID | None = None
    sequence: int = Field(0, ge=0)
    media_state: MediaState
    version: str


class CommandFailed(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandFailed"
    command_id: uuid.UUID
    command_type: str
    reason: str
