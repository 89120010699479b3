"""A c_env as the scheduler sees it: its owner and state (from the environments service), the inputs and outputs on
it (from streams), and every schedule's booking of one of its outputs. Every schedule write decides on this stream,
so two schedules wanting one output at the same time collide here, whichever replica takes them; the full schedule
set of the environment is computed from it. Here the state and what the scheduler notes of other services' facts;
the bookings decided on it are in ``bookings``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from common.errors import Invalid, NotFound
from common.folding import Folding
from scheduler.domain.capacity import Capacity, of_instance_type
from scheduler.domain.events import (
    AgreementNoted,
    BookingMoved,
    BookingReleased,
    CapacityNoted,
    DomainEvent,
    EnvironmentNoted,
    EnvironmentResized,
    EventPlaced,
    EventUnplaced,
    InputNoted,
    OutputBooked,
    OutputNoted,
)

STREAM_PREFIX = "environment-"
CLOSED = frozenset({"deleting", "deleted"})
Endpoint = tuple[int, str]  # (organisation, id): inputs by their owner, outputs by their taker


def stream_id(environment_id: uuid.UUID) -> str:
    return f"{STREAM_PREFIX}{environment_id}"


@dataclass(frozen=True)
class Seen:
    version: int
    live: bool
    bitrate_kbps: int = 0


@dataclass(frozen=True)
class Booked:
    taker_id: int
    input_organisation_id: int
    input_id: str
    output_id: str
    start: datetime
    end: datetime
    event_id: uuid.UUID | None = None
    timed_by_event: bool = False
    ordinal: int = 0  # the booking's creation order on the environment
    permanent: bool = False
    schedule_text: str = ""  # the schedule id as the set names it, made once per booking rather than per push


@dataclass(frozen=True)
class Bound:
    """The agreement an output is bound to (A106): its input may reach ``bitrate_kbps``, until ``expires_at``."""

    agreement_id: uuid.UUID
    bitrate_kbps: int
    expires_at: datetime


@dataclass(frozen=True)
class Placed:
    """An event shown on the environment: its owner's input from start to end."""

    organisation_id: int
    input_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Environment:
    environment_id: uuid.UUID | None = None
    organisation_id: int = 0
    state: str = ""
    as_of: datetime | None = None
    inputs: Mapping[Endpoint, Seen] = field(default_factory=dict)
    outputs: Mapping[Endpoint, Seen] = field(default_factory=dict)
    bookings: Mapping[uuid.UUID, Booked] = field(default_factory=dict)
    events: Mapping[uuid.UUID, Placed] = field(default_factory=dict)
    capacity: Capacity | None = None
    cloud_provider: str = ""
    instance_type: str = ""
    booked_total: int = 0
    agreements: Mapping[Endpoint, Bound] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.state != ""

    def has_input(self, organisation_id: int, input_id: str) -> bool:
        seen = self.inputs.get((organisation_id, input_id))
        return seen is not None and seen.live

    def has_output(self, taker_id: int, output_id: str) -> bool:
        seen = self.outputs.get((taker_id, output_id))
        return seen is not None and seen.live


def evolve(env: Environment, event: DomainEvent) -> Environment:
    match event:
        case EnvironmentNoted():
            return replace(env, environment_id=event.environment_id, organisation_id=event.organisation_id,
                           state=event.state, as_of=event.as_of)  # fmt: skip
        case CapacityNoted():
            return replace(env, capacity=_noted(event), cloud_provider=event.cloud_provider,
                           instance_type=event.instance_type)  # fmt: skip
        case EnvironmentResized():
            return replace(env, capacity=Capacity(event.max_outputs, event.bandwidth_kbps),
                           instance_type=event.instance_type)  # fmt: skip
        case AgreementNoted():
            return replace(env, agreements=_bound(dict(env.agreements), event))
        case InputNoted():
            key = (event.organisation_id, event.input_id)
            return replace(env, inputs={**env.inputs, key: _seen_input(event)})
        case OutputNoted():
            key = (event.organisation_id, event.output_id)
            return replace(env, outputs={**env.outputs, key: Seen(event.version, not event.deleted)})
        case OutputBooked() | BookingMoved():
            known = env.bookings.get(event.schedule_id)
            ordinal = env.booked_total if known is None else known.ordinal
            return replace(env, bookings={**env.bookings, event.schedule_id: _booked(event, ordinal)},
                           booked_total=env.booked_total + (known is None))  # fmt: skip
        case BookingReleased():
            return replace(env, bookings={k: b for k, b in env.bookings.items() if k != event.schedule_id})
        case EventPlaced():
            return replace(env, events={**env.events, event.event_id: _placed(event)})
        case EventUnplaced():
            return replace(env, events={k: p for k, p in env.events.items() if k != event.event_id})
    return env


def _bound(agreements: dict[Endpoint, Bound], event: AgreementNoted) -> dict[Endpoint, Bound]:
    key = (event.organisation_id, event.output_id)
    if event.live:
        agreements[key] = Bound(event.agreement_id, event.bitrate_kbps, event.expires_at)
    elif key in agreements and agreements[key].agreement_id == event.agreement_id:
        del agreements[key]
    return agreements


def _noted(event: CapacityNoted) -> Capacity | None:
    if event.max_outputs is None or event.bandwidth_kbps is None:
        return None
    return Capacity(event.max_outputs, event.bandwidth_kbps)


def _seen_input(event: InputNoted) -> Seen:
    return Seen(event.version, not event.deleted, event.bitrate_kbps)


def _booked(event: OutputBooked | BookingMoved, ordinal: int) -> Booked:
    return Booked(event.organisation_id, event.input_organisation_id, event.input_id, event.output_id, event.start,
                  event.end, event.event_id, event.timed_by_event, ordinal, event.permanent,
                  str(event.schedule_id))  # fmt: skip


def _placed(event: EventPlaced) -> Placed:
    return Placed(event.organisation_id, event.input_id, event.start, event.end)


def _whole(events: Iterable[DomainEvent]) -> Environment:
    """``evolve`` over the history, on maps of its own: copying them per event would make it quadratic, and an
    environment's stream holds every booking ever made on it."""
    env, inputs, outputs, events_ = Environment(), {}, {}, {}
    bookings: dict[uuid.UUID, Booked] = {}
    agreements: dict[Endpoint, Bound] = {}
    booked_total = 0
    for event in events:
        match event:
            case EnvironmentNoted() | CapacityNoted() | EnvironmentResized():
                env = evolve(env, event)
            case AgreementNoted():
                _bound(agreements, event)
            case InputNoted():
                inputs[event.organisation_id, event.input_id] = _seen_input(event)
            case OutputNoted():
                outputs[event.organisation_id, event.output_id] = Seen(event.version, not event.deleted)
            case OutputBooked() | BookingMoved():
                known = bookings.get(event.schedule_id)
                bookings[event.schedule_id] = _booked(event, booked_total if known is None else known.ordinal)
                booked_total += known is None
            case BookingReleased():
                bookings.pop(event.schedule_id, None)
            case EventPlaced():
                events_[event.event_id] = _placed(event)
            case EventUnplaced():
                events_.pop(event.event_id, None)
    return replace(env, inputs=inputs, outputs=outputs, bookings=bookings, events=events_, booked_total=booked_total,
                   agreements=agreements)  # fmt: skip


fold = Folding(Environment(), evolve, _whole)


def note(
    env: Environment, environment_id: uuid.UUID, organisation_id: int, state: str, as_of: datetime
) -> list[DomainEvent]:
    """A report older than the one held changes nothing (reports can overtake each other); deleted is final."""
    if env.state == "deleted" or (env.as_of is not None and as_of < env.as_of) or env.state == state:
        return []
    return [EnvironmentNoted(organisation_id=organisation_id, environment_id=environment_id, state=state,
                             as_of=as_of)]  # fmt: skip


def note_capacity(
    env: Environment, environment_id: uuid.UUID, organisation_id: int, cloud_provider: str, instance_type: str
) -> list[DomainEvent]:
    """The type the environment was requested on counts until it is known: a resize after it is newer."""
    if env.instance_type or env.state == "deleted":
        return []
    sized = of_instance_type(cloud_provider, instance_type)
    return [CapacityNoted(organisation_id=organisation_id, environment_id=environment_id,
                          max_outputs=None if sized is None else sized.max_outputs,
                          bandwidth_kbps=None if sized is None else sized.bandwidth_kbps,
                          cloud_provider=cloud_provider, instance_type=instance_type)]  # fmt: skip


def resize(env: Environment, instance_type: str) -> list[DomainEvent]:
    """A200 naming the instance type the c_env runs on now: its capacity (the environment's provider's) decides
    who starts from then on. An unchanged type changes nothing."""
    if not env.known or env.environment_id is None or env.state in CLOSED:
        raise NotFound("environment not found")
    capacity = of_instance_type(env.cloud_provider, instance_type)
    if capacity is None:
        provider = env.cloud_provider or "the environment's cloud provider"
        raise Invalid(f"{provider} has no instance type {instance_type!r} the scheduler knows", "instance_type")
    if (env.instance_type, env.capacity) == (instance_type, capacity):
        return []
    return [EnvironmentResized(organisation_id=env.organisation_id, environment_id=env.environment_id,
                               instance_type=instance_type, max_outputs=capacity.max_outputs,
                               bandwidth_kbps=capacity.bandwidth_kbps)]  # fmt: skip


def note_input(
    env: Environment, environment_id: uuid.UUID, organisation_id: int, input_id: str, version: int, deleted: bool,
    bitrate_kbps: int = 0,
) -> list[DomainEvent]:  # fmt: skip
    """Only a newer version of the input than the one seen counts (a redelivered or overtaken event is old)."""
    seen = env.inputs.get((organisation_id, input_id))
    if seen is not None and seen.version >= version:
        return []
    return [InputNoted(organisation_id=organisation_id, environment_id=environment_id, input_id=input_id,
                       version=version, deleted=deleted, bitrate_kbps=bitrate_kbps)]  # fmt: skip


def note_output(
    env: Environment, environment_id: uuid.UUID, taker_id: int, output_id: str, version: int, deleted: bool
) -> list[DomainEvent]:
    seen = env.outputs.get((taker_id, output_id))
    if seen is not None and seen.version >= version:
        return []
    return [OutputNoted(organisation_id=taker_id, environment_id=environment_id, output_id=output_id,
                        version=version, deleted=deleted)]  # fmt: skip


def note_agreement(
    env: Environment, environment_id: uuid.UUID, taker_id: int, output_id: str, agreement_id: uuid.UUID,
    bitrate_kbps: int, expires_at: datetime, live: bool,
) -> list[DomainEvent]:  # fmt: skip
    """What billing says of the output's agreement, when it changes what the environment holds."""
    held = env.agreements.get((taker_id, output_id))
    if live and held == Bound(agreement_id, bitrate_kbps, expires_at):
        return []
    if not live and (held is None or held.agreement_id != agreement_id):
        return []
    return [AgreementNoted(organisation_id=taker_id, environment_id=environment_id, output_id=output_id,
                           agreement_id=agreement_id, bitrate_kbps=bitrate_kbps, expires_at=expires_at,
                           live=live)]  # fmt: skip
