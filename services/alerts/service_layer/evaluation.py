"""Evaluating alerts at one instant: the samples of the window read, each episode decided on the alert's own stream
(``domain.evaluation``), and the organisation that made it notified of a first raise and of the clear unless the
alert is muted. Two evaluators of one alert collide on its stream; the retried one decides on what the winner did,
so an episode is raised once.

``evaluate`` checks one alert in a unit of its own; ``decide_many`` records, in one unit, the checks of many
alerts whose values were read beforehand (an evaluator pass appends only where something changes)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from alerts.domain import alerts, evaluation, mutes
from alerts.domain import events as e
from alerts.domain.deliveries import AlertFired, fired_from
from alerts.domain.evaluation import Sample
from alerts.service_layer import deliveries, notifications
from alerts.service_layer.delivery_ports import DeliveryLog
from alerts.service_layer.ports import Members
from alerts.service_layer.units import decide, load
from common.unit_of_work import Runner, UnitOfWork

CATEGORY = {"raised": "alert_raised", "cleared": "alert_cleared"}  # the notification category of each episode

Window = Callable[[UnitOfWork, uuid.UUID, str, str, datetime, datetime], Awaitable[Sequence[Sample]]]
MembersOf = Callable[[UnitOfWork], Members]
DeliveriesOf = Callable[[UnitOfWork], DeliveryLog]


async def evaluate(
    run: Runner,
    window: Window,
    members_of: MembersOf,
    deliveries_of: DeliveriesOf,
    alert_id: uuid.UUID,
    now: datetime,
) -> list[e.DomainEvent]:
    """Returns what the check recorded (nothing, a breach, a raise, a clear…)."""

    async def unit(work: UnitOfWork) -> list[e.DomainEvent]:
        alert = await load(work, alerts.stream_id(alert_id), alerts.fold)
        if alert.rule is None or alert.environment_id is None:
            return []
        start = now - timedelta(seconds=alert.rule.window_seconds)
        samples = await window(work, alert.environment_id, alert.side, alert.endpoint_id, start, now)
        value = evaluation.average(samples, alert.rule.alert_on_query, now, alert.rule.window_seconds)
        return await _record(work, members_of, deliveries_of, [(alert_id, value)], now)

    return await run(unit)


Check = tuple[uuid.UUID, float | None]


async def decide_many(
    run: Runner, members_of: MembersOf, deliveries_of: DeliveriesOf, checks: Sequence[Check], now: datetime
) -> list[e.DomainEvent]:
    """Each (alert, value its window held) decided on the alert's stream as it is now, all in one unit."""

    async def unit(work: UnitOfWork) -> list[e.DomainEvent]:
        return await _record(work, members_of, deliveries_of, checks, now)

    return await run(unit)


async def _record(
    work: UnitOfWork, members_of: MembersOf, deliveries_of: DeliveriesOf, checks: Sequence[Check], now: datetime
) -> list[e.DomainEvent]:
    """The episodes decided first (an append must be its transaction's first write), then their notifications and
    their messages' deliveries (sent after the unit commits)."""
    recorded: list[e.DomainEvent] = []
    for alert_id, value in checks:
        decided: list[e.DomainEvent] = []

        def deciding(current: alerts.Alert, into: list[e.DomainEvent] = decided, value: float | None = value
                     ) -> list[e.DomainEvent]:  # fmt: skip
            into[:] = evaluation.step(current, now, value, uuid.uuid4())
            return into

        await decide(work, alerts.stream_id(alert_id), alerts.fold, deciding)
        recorded += decided
    for episode in recorded:
        await _notify(work, members_of(work), episode)
        if isinstance(episode, e.AlertEpisode):
            await deliveries.plan(deliveries_of(work), await _as_delivered(work, episode), now)
    return recorded


async def _as_delivered(work: UnitOfWork, episode: e.AlertEpisode) -> AlertFired:
    """What is sent of an episode: nothing (recorded as skipped) while the alert is muted, or while the organisation
    that made it muted the episode's category for itself (A165); a user's own mutes (A275) only hide notifications."""
    fired = fired_from(episode)
    muted = await load(work, mutes.stream_id(episode.created_by_organisation_id), mutes.fold)
    return fired.model_copy(update={"muted": True}) if CATEGORY[fired.state] in muted.organisation else fired


async def _notify(work: UnitOfWork, members: Members, event: e.DomainEvent) -> None:
    match event:
        case e.AlertRaised(repeat=0, muted=False):
            said = "raised"
        case e.AlertCleared(muted=False):
            said = "cleared"
        case _:
            return
    category = CATEGORY[said]
    assert isinstance(event, e.AlertEpisode)
    value = "no value" if event.value is None else f"{event.value:g}"
    message = (f"Alert {event.alert_name!r} {said} on {event.side} {event.endpoint_id} of environment "
               f"{event.environment_id}: {event.alert_on_query} {event.query_param} {list(event.query_value)}, "
               f"value {value}")  # fmt: skip
    await notifications.raise_notification(work, members, f"alert/{event.raise_id}/{said}",
                                           event.created_by_organisation_id, category, message,
                                           str(event.alert_id))  # fmt: skip
