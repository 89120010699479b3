"""What happens to an Icareus channel (I02–I07): its façade-only attributes, kept beside the input it is."""

from __future__ import annotations

import uuid
from typing import Any

from streams.domain.events import DomainEvent


class ChannelEvent(DomainEvent):
    service_id: int


class ChannelCreated(ChannelEvent):
    """``attributes``: every field of seed 001's channel body but the icons, defaults filled in. ``input_version``:
    the version of the ``InputCreated`` that made its input, so a later input of the same id is not the channel's."""

    environment_id: uuid.UUID
    attributes: dict[str, Any]
    input_version: int


class ChannelChanged(ChannelEvent):
    """The channel's whole attributes after the change."""

    attributes: dict[str, Any]


class ChannelIconChanged(ChannelEvent):
    """The icon's stored sizes by name (small, medium, large), each its digest; the images are beside the log."""

    icons: dict[str, str]


class ChannelDeleted(ChannelEvent):
    pass


CHANNEL_EVENTS: tuple[type[DomainEvent], ...] = (ChannelCreated, ChannelChanged, ChannelIconChanged, ChannelDeleted)
