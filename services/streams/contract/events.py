"""The integration events streams publishes: inputs and outputs appearing on and leaving environments, for the
services that keep their own read models of them (the scheduler, billing), and what the bitrate guard of an input's
c_env did. Ids only, never a configuration: settings may name hosts and stream keys.

``version`` is the endpoint's configuration version, which grows over all lives of an id: a consumer keeps the
highest it saw, so an event overtaken by a later one of the same endpoint changes nothing.

``OutputBoundToAgreement``: an output created on a permanent-schedule agreement (billing assigns it; the scheduler
then schedules an input to it permanently, A106).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import Field

from common.contracts import OrganisationEvent


class InputGuardEvent(OrganisationEvent):
    """``organisation_id``: the input's owner, whose users are told."""

    environment_id: uuid.UUID
    input_id: str
    bitrate_kbps: int
    max_allowed_bitrate_kbps: int


class InputStoppedForBitrate(InputGuardEvent):
    """The c_env stopped the input: its bitrate exceeded its maximum (A084)."""

    TYPE: ClassVar[str] = "streams.InputStoppedForBitrate"


class InputRunningHot(InputGuardEvent):
    """The input's bitrate came near its maximum (A085); once per episode, until the input is started again."""

    TYPE: ClassVar[str] = "streams.InputRunningHot"


class EndpointEvent(OrganisationEvent):
    """``organisation_id``: the input's owner, or the output's taker."""

    environment_id: uuid.UUID
    version: int = Field(0, ge=0, description="the endpoint's configuration version (0: not given)")


class InputCreated(EndpointEvent):
    TYPE: ClassVar[str] = "streams.InputCreated"
    input_id: str
    bitrate_kbps: int = Field(0, ge=0, description="the most the input may reach (its configured maximum; 0: none)")


class InputReconfigured(EndpointEvent):
    """An input's configuration changed (its update, a start or a stop): the most it may reach now."""

    TYPE: ClassVar[str] = "streams.InputReconfigured"
    input_id: str
    bitrate_kbps: int = Field(0, ge=0, description="the most the input may reach (its configured maximum; 0: none)")


class InputDeleted(EndpointEvent):
    TYPE: ClassVar[str] = "streams.InputDeleted"
    input_id: str


class OutputCreated(EndpointEvent):
    TYPE: ClassVar[str] = "streams.OutputCreated"
    output_id: str


class OutputBoundToAgreement(OrganisationEvent):
    """A permanently scheduled output of ``organisation_id`` (its taker) was created on ``agreement_id``."""

    TYPE: ClassVar[str] = "streams.OutputBoundToAgreement"
    environment_id: uuid.UUID
    output_id: str
    agreement_id: uuid.UUID


class OutputDeleted(EndpointEvent):
    """An output was deleted (A102); ``agreement_id`` is the agreement it was bound to, if any."""

    TYPE: ClassVar[str] = "streams.OutputDeleted"
    output_id: str
    agreement_id: uuid.UUID | None = None


class InputMediaEvent(EndpointEvent):
    """What the environment's agent answered about the input's media (billing meters stream hours from these):
    ``occurred_at`` is when the answer was recorded; ``bitrate_kbps`` the most the input may reach (0: none)."""

    input_id: str
    bitrate_kbps: int = Field(0, ge=0)


class InputRunning(InputMediaEvent):
    """The agent holds ``version`` of the input with its media running."""

    TYPE: ClassVar[str] = "streams.InputRunning"


class InputStopped(InputMediaEvent):
    """The agent holds ``version`` of the input with its media not running."""

    TYPE: ClassVar[str] = "streams.InputStopped"


class OutputMediaEvent(EndpointEvent):
    """What the environment's agent answered about the output's media (billing meters output hours from these):
    ``occurred_at`` is when the answer was recorded; ``bitrate_kbps`` the configured bitrate (0: the source's)."""

    output_id: str
    bitrate_kbps: int = Field(0, ge=0)


class OutputRunning(OutputMediaEvent):
    """The agent holds ``version`` of the output with its media running."""

    TYPE: ClassVar[str] = "streams.OutputRunning"


class OutputStopped(OutputMediaEvent):
    """The agent holds ``version`` of the output with its media not running."""

    TYPE: ClassVar[str] = "streams.OutputStopped"


PUBLISHED = (
    InputCreated, InputReconfigured, InputDeleted, OutputCreated, OutputBoundToAgreement, OutputDeleted,
    InputStoppedForBitrate, InputRunningHot, OutputRunning, OutputStopped, InputRunning, InputStopped,
)  # fmt: skip
