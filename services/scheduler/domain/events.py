"""What happens to schedules and to the environments they run on (as the scheduler knows them), as frozen types.

The store's codec (``adapters/event_codec.py``) names and serialises them, with the full-set events of
``common.full_sets``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation_id: int


class EnvironmentEvent(DomainEvent):
    environment_id: uuid.UUID


class EnvironmentNoted(EnvironmentEvent):
    """What the environments service said the environment's state was ``as_of`` then (``organisation_id``: its
    owner)."""

    state: str
    as_of: datetime


class CapacityNoted(EnvironmentEvent):
    """The environment was requested on ``instance_type`` of ``cloud_provider``, which carries at most
    ``max_outputs`` outputs and ``bandwidth_kbps`` at once (None: a type the scheduler does not know). Noted before
    the provider and type were: both empty."""

    max_outputs: int | None
    bandwidth_kbps: int | None
    cloud_provider: str = ""
    instance_type: str = ""


class EnvironmentResized(EnvironmentEvent):
    """The c_env's agent said (A200) its machine now is ``instance_type`` of the environment's cloud provider,
    which carries at most ``max_outputs`` outputs and ``bandwidth_kbps`` at once: a scale up or down."""

    instance_type: str
    max_outputs: int
    bandwidth_kbps: int


class AgreementNoted(EnvironmentEvent):
    """Billing assigned ``agreement_id`` (up to ``bitrate_kbps``, until ``expires_at``) to the output of taker
    ``organisation_id`` (``live``), or released or finished it (not ``live``): what A106 schedules on."""

    output_id: str
    agreement_id: uuid.UUID
    bitrate_kbps: int
    expires_at: datetime
    live: bool


class InputNoted(EnvironmentEvent):
    """Streams said the input (of ``organisation_id``) is on the environment (or was deleted) at ``version``, with
    the bitrate it may reach (0: not said)."""

    input_id: str
    version: int
    deleted: bool
    bitrate_kbps: int = 0


class OutputNoted(EnvironmentEvent):
    """Streams said the output (taken by ``organisation_id``) is on the environment (or was deleted) at ``version``."""

    output_id: str
    version: int
    deleted: bool


class Booking(EnvironmentEvent):
    """On the environment's stream: the output (of taker ``organisation_id``) is fed by the input from ``start`` to
    ``end``; every booking of an environment is decided there, so two bookings of one output collide. A
    subscription's booking names its event, and ``timed_by_event`` when the event's times are its own."""

    schedule_id: uuid.UUID
    input_organisation_id: int
    input_id: str
    output_id: str
    start: datetime
    end: datetime
    event_id: uuid.UUID | None = None
    timed_by_event: bool = False
    permanent: bool = False


class OutputBooked(Booking):
    pass


class BookingMoved(Booking):
    pass


class BookingReleased(EnvironmentEvent):
    schedule_id: uuid.UUID


class EventPlaced(EnvironmentEvent):
    """On the environment's stream: the event (of ``organisation_id``) shows its input from ``start`` to ``end``;
    placed again when it changes, in the decision that moves the subscriptions it times."""

    event_id: uuid.UUID
    input_id: str
    start: datetime
    end: datetime


class EventUnplaced(EnvironmentEvent):
    event_id: uuid.UUID


class ScheduleEvent(DomainEvent):
    """``organisation_id``: the managing organisation that made the schedule (the output's taker)."""

    schedule_id: uuid.UUID


class ScheduleCreated(ScheduleEvent):
    environment_id: uuid.UUID
    input_organisation_id: int
    input_id: str
    output_id: str
    start: datetime
    end: datetime
    event_id: uuid.UUID | None = None
    timed_by_event: bool = False
    permanent: bool = False


class SubscriptionChanged(ScheduleEvent):
    """An event subscription's input (its event's), output or times changed."""

    input_id: str
    output_id: str
    start: datetime
    end: datetime
    timed_by_event: bool


class ScheduleChanged(ScheduleEvent):
    start: datetime
    end: datetime


class ScheduleDisconnected(ScheduleEvent):
    """Its running entry was stopped at ``end`` by a command (P10)."""

    end: datetime


class ScheduleDeleted(ScheduleEvent):
    pass


class LiveEvent(DomainEvent):
    """An event (A119–A123) of its managing organisation ``organisation_id``: an input shown from start to end."""

    event_id: uuid.UUID


class LiveEventWritten(LiveEvent):
    """Created or updated: the event as it now is. ``image``: the digest of its image kept beside the log. An event
    made through the Event Center façade (K02) has no source (no environment, input "") until one is given;
    ``number`` is its integer id there, ``by`` who wrote it (K08), and the façade's own attributes follow."""

    environment_id: uuid.UUID | None
    input_id: str
    name: str
    description: str
    label_ids: tuple[uuid.UUID, ...]
    start: datetime
    end: datetime
    image: str | None
    number: int = 0
    by: str = ""
    customer_event_id: str | None = None
    audience_size: int | None = None
    audience_locations: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    objects: tuple[dict[str, Any], ...] = ()


class LiveEventCreated(LiveEventWritten):
    pass


class LiveEventChanged(LiveEventWritten):
    pass


class LiveEventDeleted(LiveEvent):
    pass


class EventCenterEvent(DomainEvent):
    """On the organisation's Event Center stream (``event-center-<organisation>``): what must be unique there."""


class EventKeyed(EventCenterEvent):
    """The event holds this name, start and end in the organisation (no other may: K02/K04 duplicates)."""

    event_id: uuid.UUID
    name: str
    start: datetime
    end: datetime


class EventUnkeyed(EventCenterEvent):
    event_id: uuid.UUID


class TagNamed(EventCenterEvent):
    """A tag first used in the organisation gets the next id (K06)."""

    tag_id: int
    name: str


ALL: tuple[type[DomainEvent], ...] = (
    EnvironmentNoted, CapacityNoted, EnvironmentResized, AgreementNoted, InputNoted, OutputNoted, OutputBooked,
    BookingMoved, BookingReleased, EventPlaced, EventUnplaced, ScheduleCreated, ScheduleChanged, SubscriptionChanged,
    ScheduleDisconnected, ScheduleDeleted, LiveEventCreated, LiveEventChanged, LiveEventDeleted, EventKeyed,
    EventUnkeyed, TagNamed,
)  # fmt: skip
