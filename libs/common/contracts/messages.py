"""The kinds of message. Commands are imperative, events past tense; ``TYPE`` is ``<producer>.<Name>``.

ROUTE decides the exchange: ``event`` → switchyard.events, ``command`` → switchyard.commands,
``agent_command`` → switchyard.cenv.commands and ``agent_event`` → switchyard.cenv.events (the
last two keyed by environment id so broker permissions can confine each agent to its own keys).
The messages themselves live in their owners' contract packages.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from common.contracts.envelope import Message, Route


class IntegrationEvent(Message):
    ROUTE: ClassVar[Route] = "event"


class Command(Message):
    ROUTE: ClassVar[Route] = "command"


class OrganisationEvent(IntegrationEvent):
    """An event that concerns one organisation; the gateway's activity log projects these."""

    organisation_id: int
    actor_user_id: uuid.UUID | None = None


class AgentCommand(Message):
    """A command to one environment's agent; the agent acknowledges ``command_id``."""

    ROUTE: ClassVar[Route] = "agent_command"
    environment_id: uuid.UUID
    command_id: uuid.UUID


class AgentEvent(Message):
    """What an agent reports, keyed by its environment id."""

    ROUTE: ClassVar[Route] = "agent_event"
    environment_id: uuid.UUID
