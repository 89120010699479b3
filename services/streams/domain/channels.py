"""The Icareus channel aggregate, one stream per channel (serviceId) of an organisation. A channel is an input of
the organisation (its id is the serviceId); this aggregate holds only what the façade adds to it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Any

from babel import Locale, UnknownLocaleError

from common.errors import Invalid, NotFound
from streams.domain.channel_events import ChannelChanged, ChannelCreated, ChannelDeleted, ChannelIconChanged
from streams.domain.events import DomainEvent
from streams.domain.inputs import Input

STREAM_PREFIX = "channel-"
ICON_SIZES = {"small": 64, "medium": 128, "large": 256}


def stream_id(organisation_id: int, service_id: int) -> str:
    return f"{STREAM_PREFIX}{organisation_id}-{service_id}"


def input_id(service_id: int) -> str:
    return str(service_id)


@dataclass(frozen=True)
class Channel:
    live: bool = False
    organisation_id: int = 0
    service_id: int = 0
    environment_id: uuid.UUID | None = None
    input_version: int = 0
    attributes: Mapping[str, Any] = field(default_factory=dict)
    icons: Mapping[str, str] = field(default_factory=dict)


def evolve(current: Channel, event: DomainEvent) -> Channel:
    match event:
        case ChannelCreated():
            return Channel(live=True, organisation_id=event.organisation_id, service_id=event.service_id,
                           environment_id=event.environment_id, input_version=event.input_version,
                           attributes=event.attributes)  # fmt: skip
        case ChannelChanged():
            return replace(current, attributes=event.attributes)
        case ChannelIconChanged():
            return replace(current, icons=event.icons)
        case ChannelDeleted():
            return replace(current, live=False)
    return current


def fold(events: Sequence[DomainEvent]) -> Channel:
    return reduce(evolve, events, Channel())


def check_language(code: str) -> str:
    """A locale code of language and territory (en_US, fi_FI) that CLDR knows, as babel reads it."""
    try:
        locale = Locale.parse(code, sep="_")
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        raise Invalid(f"{code} is not a valid language id", "primaryLanguage") from exc
    if locale.territory is None or str(locale) != code:
        raise Invalid(f"{code} is not a valid language id", "primaryLanguage")
    return code


def create(
    current: Channel, organisation_id: int, service_id: int, environment_id: uuid.UUID, attributes: Mapping[str, Any],
    input_version: int,
) -> list[DomainEvent]:  # fmt: skip
    assert not current.live, "service ids are never used twice"
    check_language(attributes["primaryLanguage"])
    return [ChannelCreated(organisation_id=organisation_id, service_id=service_id, environment_id=environment_id,
                           attributes=dict(attributes), input_version=input_version)]  # fmt: skip


def is_input_of(current: Channel, endpoint: Input, created_at_version: int) -> bool:
    """The input is the one made with the channel: live, on its environment, and of the same life of its id."""
    return (current.live and endpoint.live and endpoint.environment_id == current.environment_id
            and created_at_version == current.input_version)  # fmt: skip


def existing(current: Channel) -> Channel:
    if not current.live:
        raise NotFound("invalid-channel-id")
    return current


def change(current: Channel, changes: Mapping[str, Any]) -> list[DomainEvent]:
    if "primaryLanguage" in changes:
        check_language(changes["primaryLanguage"])
    merged = {**existing(current).attributes, **changes}
    if merged == current.attributes:
        return []
    return [ChannelChanged(organisation_id=current.organisation_id, service_id=current.service_id,
                           attributes=merged)]  # fmt: skip


def new_icon(current: Channel, icons: Mapping[str, str]) -> list[DomainEvent]:
    return [ChannelIconChanged(organisation_id=existing(current).organisation_id, service_id=current.service_id,
                               icons=dict(icons))]  # fmt: skip


def delete(current: Channel) -> list[DomainEvent]:
    return [ChannelDeleted(organisation_id=existing(current).organisation_id, service_id=current.service_id)]
