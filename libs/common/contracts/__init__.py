"""Every message that crosses the bus: the envelope, integration events and commands.

The models live in one place (``messages``) so producers and consumers share one definition,
and the AsyncAPI document is generated from the same registry.
"""

from common.contracts.envelope import (
    Envelope,
    MalformedMessage,
    Message,
    UnknownMessageType,
    envelope_for,
    parse_message,
    registry,
)
from common.contracts.messages import *  # noqa: F403  (the message catalogue is the public surface)

__all__ = [
    "Envelope",
    "MalformedMessage",
    "Message",
    "UnknownMessageType",
    "envelope_for",
    "parse_message",
    "registry",
]
