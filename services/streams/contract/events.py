"""The integration events the streams service publishes: what the bitrate guard of an input's c_env did, and outputs
bound to permanent-schedule agreements.

Billing consumes the outputs' (it assigns and releases the agreements); streams does not publish them yet: an output
created on an agreement is to announce ``OutputBoundToAgreement``, and deleting it (A102) ``OutputDeleted``.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

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


class OutputBoundToAgreement(OrganisationEvent):
    """A permanently scheduled output of ``organisation_id`` (its taker) was created on ``agreement_id``."""

    TYPE: ClassVar[str] = "streams.OutputBoundToAgreement"
    environment_id: uuid.UUID
    output_id: str
    agreement_id: uuid.UUID


class OutputDeleted(OrganisationEvent):
    """An output was deleted (A102); ``agreement_id`` is the agreement it was bound to, if any."""

    TYPE: ClassVar[str] = "streams.OutputDeleted"
    environment_id: uuid.UUID
    output_id: str
    agreement_id: uuid.UUID | None = None


PUBLISHED = (InputStoppedForBitrate, InputRunningHot, OutputBoundToAgreement, OutputDeleted)
