"""The envelope every bus message travels in, and how a payload is read back into its message type."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from common.correlation import MAX_ID_LENGTH

Route = Literal["event", "command", "agent_command", "agent_event"]


class MalformedMessage(ValueError):
    """The body is not a valid envelope, or its payload does not match the declared type."""


class UnknownMessageType(MalformedMessage):
    """The envelope names a type nobody registered."""


class Message(BaseModel):
    """Base of every payload. Subclasses set TYPE (``<producer>.<Name>``) and ROUTE."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    TYPE: ClassVar[str]
    ROUTE: ClassVar[Route]
    SCHEMA_VERSION: ClassVar[int] = 1


MessageTypes = Mapping[str, type[Message]]


def registry_of(messages: Iterable[type[Message]]) -> dict[str, type[Message]]:
    """Message types by their ``TYPE``; two classes claiming one type is a programming error."""
    found: dict[str, type[Message]] = {}
    for model in messages:
        if found.setdefault(model.TYPE, model) is not model:
            raise TypeError(f"message type {model.TYPE} is declared twice")
    return found


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    message_id: uuid.UUID
    type: str = Field(min_length=3, max_length=120)
    schema_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    correlation_id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    causation_id: str | None = Field(None, max_length=MAX_ID_LENGTH)
    producer: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


def envelope_for(
    message: Message,
    *,
    producer: str,
    correlation_id: str,
    causation_id: str | None = None,
    message_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    return Envelope(
        message_id=message_id or uuid.uuid4(),
        type=message.TYPE,
        schema_version=message.SCHEMA_VERSION,
        occurred_at=occurred_at or datetime.now(UTC),
        correlation_id=correlation_id,
        causation_id=causation_id,
        producer=producer,
        payload=message.model_dump(mode="json"),
    )


def parse_message(body: bytes, types: MessageTypes) -> tuple[Envelope, Message]:
    try:
        envelope = Envelope.model_validate(json.loads(body))
    except (ValueError, ValidationError) as exc:
        raise MalformedMessage(f"not a valid envelope: {_short(exc)}") from exc
    model = types.get(envelope.type)
    if model is None:
        raise UnknownMessageType(f"unknown message type {envelope.type!r}")
    if envelope.schema_version != model.SCHEMA_VERSION:
        raise MalformedMessage(
            f"{envelope.type} schema version {envelope.schema_version} is not {model.SCHEMA_VERSION}"
        )
    try:
        return envelope, model.model_validate(envelope.payload)
    except ValidationError as exc:
        raise MalformedMessage(f"payload does not match {envelope.type}: {_short(exc)}") from exc


def _short(exc: Exception) -> str:
    return str(exc).replace("\n", " ")[:500]
