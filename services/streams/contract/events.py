"""The integration events the streams service publishes: what the bitrate guard of an input's c_env did."""

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


PUBLISHED = (InputStoppedForBitrate, InputRunningHot)
