"""The integration events streams publishes: inputs and outputs appearing on and leaving environments, for the
services that keep their own read models of them (the scheduler). Ids only, never a configuration: settings may
name hosts and stream ids, and no secret ever travels.

``version`` is the endpoint's configuration version, which grows over all lives of an id: a consumer keeps the
highest it saw, so an event overtaken by a later one of the same endpoint changes nothing."""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import Field

from common.contracts import IntegrationEvent


class EndpointEvent(IntegrationEvent):
    """``organisation_id``: the input's owner, or the output's taker."""

    organisation_id: int
    environment_id: uuid.UUID
    version: int = Field(ge=1)


class InputCreated(EndpointEvent):
    TYPE: ClassVar[str] = "streams.InputCreated"
    input_id: str


class InputDeleted(EndpointEvent):
    TYPE: ClassVar[str] = "streams.InputDeleted"
    input_id: str


class OutputCreated(EndpointEvent):
    TYPE: ClassVar[str] = "streams.OutputCreated"
    output_id: str


class OutputDeleted(EndpointEvent):
    TYPE: ClassVar[str] = "streams.OutputDeleted"
    output_id: str


PUBLISHES = (InputCreated, InputDeleted, OutputCreated, OutputDeleted)
