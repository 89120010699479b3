"""The machinery every bus message shares: the envelope, the message kinds, parsing against a registry.

The messages themselves live in their owners' ``contract`` packages; ``switchyard.contracts``
lists them all, and the AsyncAPI document is generated from that list.
"""

from common.contracts.envelope import (
    Envelope,
    MalformedMessage,
    Message,
    MessageTypes,
    UnknownMessageType,
    envelope_for,
    parse_message,
    registry_of,
)
from common.contracts.messages import AgentCommand, AgentEvent, Command, IntegrationEvent, OrganisationEvent

__all__ = [
    "AgentCommand",
    "AgentEvent",
    "Command",
    "Envelope",
    "IntegrationEvent",
    "MalformedMessage",
    "Message",
    "MessageTypes",
    "OrganisationEvent",
    "UnknownMessageType",
    "envelope_for",
    "parse_message",
    "registry_of",
]
