"""Use cases around alerts (A045–A054, A114), and what a deleted input, output or environment does to them.

Every change that can alter an environment's alert set recomputes and pushes it in the same unit (decision 52's
full sets, ``common.full_sets``): the set's control stream serialises two recomputes of one environment, and the
retried one reads what the winner committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from alerts.contract.rules import Side
from alerts.domain import alerts, evaluation, methods
from alerts.domain.alerts import Alert
from alerts.domain.events import DomainEvent
from alerts.domain.rules import Rule
from alerts.service_layer.ports import Known, KnownOf
from alerts.service_layer.units import decide, load
from common import full_sets
from common.errors import Conflict, NotFound
from common.unit_of_work import Runner, UnitOfWork

KIND = "alerts"


@dataclass(frozen=True)
class NewAlerts:
    environment_id: uuid.UUID
    input_ids: Sequence[str]
    output_ids: Sequence[str]
    name: str | None
    rule: Rule
    method_id: uuid.UUID


async def push(work: UnitOfWork, known: Known, environment_id: uuid.UUID, *, again: bool = False) -> int:
    """Record (and so send) the environment's complete alert set if it changed."""
    return await full_sets.push(work, KIND, environment_id, await known.set_items(environment_id), again=again)


async def create(run: Runner, known_of: KnownOf, organisation_id: int, new: NewAlerts) -> list[uuid.UUID]:
    """One alert per input (of ``organisation_id`` owning the environment, or shown to it as a guest) and per output
    (taken by it), all choosing the method on its stream (``_choose``)."""

    async def unit(work: UnitOfWork) -> list[uuid.UUID]:
        known = known_of(work)
        owner = await known.owner(new.environment_id)
        if owner is None:
            raise NotFound("environment not found", "environment_id")
        wanted: list[tuple[Side, str]] = [*(("input", i) for i in new.input_ids),
                                          *(("output", o) for o in new.output_ids)]  # fmt: skip
        for side, endpoint_id in wanted:
            if not await _yours(known, new.environment_id, owner, organisation_id, side, endpoint_id):
                raise NotFound(f"{side} {endpoint_id!r} not found", f"{side}_ids")
        created = [uuid.uuid4() for _ in wanted]
        await _choose(work, organisation_id, new.method_id, created)
        for alert_id, (side, endpoint_id) in zip(created, wanted, strict=True):
            await _create_one(work, alert_id, owner, organisation_id, new, side, endpoint_id)
        await push(work, known, new.environment_id)
        return created

    return await run(unit)


async def _create_one(
    work: UnitOfWork, alert_id: uuid.UUID, owner: int, organisation_id: int, new: NewAlerts, side: Side,
    endpoint_id: str,
) -> None:  # fmt: skip
    rule = new.rule
    name = new.name or f"{rule.alert_on_query} {rule.query_param} {list(rule.query_value)}"
    await decide(work, alerts.stream_id(alert_id), alerts.fold,
                 lambda a: alerts.create(a, alert_id, owner, organisation_id, new.environment_id, side, endpoint_id,
                                         name, rule, new.method_id))  # fmt: skip


async def _yours(known: Known, environment_id: uuid.UUID, owner: int, organisation_id: int, side: str,
                 endpoint_id: str) -> bool:  # fmt: skip
    """Inputs: the owner's on the environment, shown to a guest by a source invitation; outputs: those it takes."""
    if side == "output":
        return await known.has_output(environment_id, organisation_id, endpoint_id)
    if not await known.has_input(environment_id, owner, endpoint_id):
        return False
    return owner == organisation_id or await known.shown_to_guest(environment_id, organisation_id, owner, endpoint_id)


async def _choose(work: UnitOfWork, organisation_id: int, method_id: uuid.UUID, alert_ids: list[uuid.UUID]) -> None:
    """Decided on the method's stream, as its deletion is: of a creation and a deletion racing, one appends after
    the other has committed and sees it (the alert using the method, or the method gone), never both unseen."""
    await decide(work, methods.stream_id(method_id), methods.fold,
                 lambda method: methods.choose(method, organisation_id, alert_ids))  # fmt: skip


Change = Callable[[Rule], Rule]


async def update(
    run: Runner, known_of: KnownOf, organisation_id: int | None, alert_id: uuid.UUID, name: str | None,
    change: Change, method_id: uuid.UUID | None,
) -> None:  # fmt: skip
    """``change`` makes the new rule from the one held (only the fields sent); the whole is checked again."""

    async def unit(work: UnitOfWork) -> None:
        alert = alerts.handled_by(await load(work, alerts.stream_id(alert_id), alerts.fold), organisation_id)
        assert alert.rule is not None and alert.method_id is not None and alert.environment_id is not None
        method = method_id or alert.method_id
        if method != alert.method_id:
            await _choose(work, alert.created_by, method, [alert_id])
        rule = change(alert.rule)
        await decide(work, alerts.stream_id(alert_id), alerts.fold,
                     lambda a: alerts.change(a, organisation_id, name, rule, method))  # fmt: skip
        await push(work, known_of(work), alert.environment_id)

    await run(unit)


Many = Callable[[Runner, KnownOf, int | None, Sequence[uuid.UUID], datetime], Awaitable[None]]


def _each(decision: Callable[[Alert, datetime], list[DomainEvent]]) -> Many:
    """A use case applying ``decision`` to every alert named, all or none, then pushing each environment's set."""

    async def many(run: Runner, known_of: KnownOf, organisation_id: int | None, alert_ids: Sequence[uuid.UUID],
                   now: datetime) -> None:  # fmt: skip
        async def unit(work: UnitOfWork) -> None:
            environments: dict[uuid.UUID, None] = {}
            for alert_id in dict.fromkeys(alert_ids):
                before = await decide(work, alerts.stream_id(alert_id), alerts.fold,
                                      lambda a: decision(alerts.handled_by(a, organisation_id), now))  # fmt: skip
                assert before.environment_id is not None
                environments[before.environment_id] = None
            for environment_id in environments:
                await push(work, known_of(work), environment_id)

        await run(unit)

    return many


delete = _each(lambda a, now: [*evaluation.stopped(a, now), *alerts.delete(a, None)])
mute = _each(lambda a, now: alerts.mute(a, None))
unmute = _each(lambda a, now: alerts.unmute(a, None))
activate = _each(lambda a, now: alerts.activate(a, None, True))
deactivate = _each(lambda a, now: [*evaluation.stopped(a, now), *alerts.activate(a, None, False)] if a.active else [])


async def mute_alert_for(run: Runner, organisation_id: int, alert_id: uuid.UUID, until: datetime) -> None:
    """Mute one alert until ``until`` (Slack's "mute for 1 h", A279): its raises and clears say ``muted`` till then.
    ``organisation_id`` owns the alert's environment or made the alert, else ``NotFound``. The agent's set keeps
    it (only a mute for good leaves the set), so no push."""

    async def unit(work: UnitOfWork) -> None:
        await decide(work, alerts.stream_id(alert_id), alerts.fold,
                     lambda a: alerts.mute(a, organisation_id, until))  # fmt: skip

    await run(unit)


async def delete_for_environment(
    run: Runner, known_of: KnownOf, organisation_id: int | None, environment_id: uuid.UUID, now: datetime
) -> None:
    """A047: the inputs' alerts if ``organisation_id`` owns the environment (a guest: those it made on inputs shown
    to it), and the alerts of outputs it takes."""

    async def unit(work: UnitOfWork) -> None:
        known = known_of(work)
        owner = await known.owner(environment_id)
        owning = organisation_id is None or owner == organisation_id
        ids = await known.alerts_on(environment_id, "input", organisation_id=None if owning else organisation_id)
        ids += await known.alerts_on(environment_id, "output", organisation_id=organisation_id)
        for alert_id in ids:
            await decide(work, alerts.stream_id(alert_id), alerts.fold,
                         lambda a: _quietly_deleted(a, organisation_id, now))  # fmt: skip
        if ids:
            await push(work, known, environment_id)

    await run(unit)


def _quietly_deleted(alert: Alert, organisation_id: int | None, now: datetime) -> list[DomainEvent]:
    if alert.side == "output" and organisation_id is not None and alert.created_by != organisation_id:
        return []
    return [*evaluation.stopped(alert, now), *alerts.delete(alert, None)] if alert.exists and not alert.deleted else []


async def endpoint_gone(
    work: UnitOfWork, known: Known, environment_id: uuid.UUID, side: Side, endpoint_id: str, now: datetime,
    push_set: bool = True,
) -> None:  # fmt: skip
    """An input or output deleted takes its alerts with it (an environment deleted: all of them, nothing pushed)."""
    ids = await known.alerts_on(environment_id, side, endpoint_id)
    for alert_id in ids:
        await decide(work, alerts.stream_id(alert_id), alerts.fold, lambda a: _quietly_deleted(a, None, now))
    if ids and push_set:
        await push(work, known, environment_id)


async def withdraw_groundless(run: Runner, known_of: KnownOf, environment_id: uuid.UUID, now: datetime) -> int:
    """Guests' alerts on the environment's inputs no longer shown to them go (an invitation deleted or unregistered,
    a grant revoked, channels hidden), decided on what the unit reads, then the set is pushed. Returns how many."""

    async def unit(work: UnitOfWork) -> int:
        known = known_of(work)
        ids = [alert_id for alert_id, _ in await known.groundless(environment_id)]
        for alert_id in ids:
            await decide(work, alerts.stream_id(alert_id), alerts.fold, lambda a: _quietly_deleted(a, None, now))
        if ids:
            await push(work, known, environment_id)
        return len(ids)

    return await run(unit)


async def environment_gone(work: UnitOfWork, known: Known, environment_id: uuid.UUID, now: datetime) -> None:
    for alert_id in await known.alerts_on(environment_id):
        await decide(work, alerts.stream_id(alert_id), alerts.fold, lambda a: _quietly_deleted(a, None, now))


async def organisation_gone(work: UnitOfWork, known: Known, organisation_id: int, now: datetime) -> None:
    """Its alerts go: those on its environments and those it made as a guest (whose environments' sets change)."""
    pushed: dict[uuid.UUID, None] = {}
    for alert_id, environment_id in await known.alerts_of(organisation_id):
        before = await decide(work, alerts.stream_id(alert_id), alerts.fold, lambda a: _quietly_deleted(a, None, now))
        if before.organisation_id != organisation_id:
            pushed[environment_id] = None
    for environment_id in pushed:
        await push(work, known, environment_id)


async def refresh(run: Runner, known_of: KnownOf, environment_id: uuid.UUID) -> tuple[int, full_sets.Items]:
    """A114: recompute and push; an unchanged set is pushed again. Returns the version and its alerts."""

    async def unit(work: UnitOfWork) -> tuple[int, full_sets.Items]:
        known = known_of(work)
        if await known.owner(environment_id) is None:
            raise NotFound("environment not found")
        version = await push(work, known, environment_id, again=True)
        _, items = await full_sets.newest(work, KIND, environment_id)
        return version, items

    return await run(unit)


async def held(work: UnitOfWork, environment_id: uuid.UUID, version: int) -> None:
    await full_sets.acknowledge(work, KIND, environment_id, version)


async def reported(work: UnitOfWork, environment_id: uuid.UUID, version: int) -> None:
    await full_sets.report(work, KIND, environment_id, version)


async def chase(run: Runner, environment_id: uuid.UUID, max_attempts: int) -> None:
    async def unit(work: UnitOfWork) -> None:
        await full_sets.follow_up(work, KIND, environment_id, max_attempts)

    await run(unit)


async def method_in_use(known: Known, method_id: uuid.UUID) -> None:
    count = await known.using_method(method_id)
    if count:
        raise Conflict(f"{count} alert(s) use this method: delete them or give them another method first")


def changed(rule: Rule, **fields: object) -> Rule:
    """The rule with the fields sent (``query_value`` as a tuple)."""
    if "query_value" in fields:
        fields["query_value"] = tuple(fields["query_value"])  # type: ignore[arg-type]
    return replace(rule, **fields)  # type: ignore[arg-type]
