"""Use cases around alert methods (A172–A174), and what an organisation's deletion does to them.

A write decides on the method and on the organisation's holdings in one unit, so a method is never created
in an organisation whose deletion was recorded, and that deletion finds every method there is. Webhooks
are written after the appends, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from alerts.contract.schemas import AlertType
from alerts.domain import addresses, holdings, methods
from alerts.service_layer.alerts import method_in_use
from alerts.service_layer.ports import KnownOf, Webhooks, WebhooksOf
from alerts.service_layer.units import decide, load
from common.unit_of_work import Runner, UnitOfWork


async def create(
    run: Runner, webhooks: WebhooksOf, organisation_id: int, name: str, alert_type: AlertType, values: Sequence[str]
) -> uuid.UUID:
    method_id, parsed = uuid.uuid4(), addresses.parse(alert_type, values)

    async def unit(work: UnitOfWork) -> None:
        await decide(work, holdings.stream_id(organisation_id), holdings.fold,
                     lambda held: holdings.add(held, organisation_id, method_id))  # fmt: skip
        await decide(work, methods.stream_id(method_id), methods.fold,
                     lambda new: methods.create(new, method_id, organisation_id, name, alert_type, parsed))  # fmt: skip
        if alert_type == "slack":
            await webhooks(work).keep(method_id, parsed)

    await run(unit)
    return method_id


async def update(
    run: Runner, webhooks: WebhooksOf, organisation_id: int, method_id: uuid.UUID, name: str | None,
    alert_type: AlertType | None, values: Sequence[str] | None,
) -> None:  # fmt: skip
    async def unit(work: UnitOfWork) -> None:
        before = methods.owned_by(await load(work, methods.stream_id(method_id), methods.fold), organisation_id)
        kind = alert_type or before.alert_type
        parsed = None if values is None else addresses.parse(kind, values)
        await decide(work, methods.stream_id(method_id), methods.fold,
                     lambda method: methods.change(method, organisation_id, name, alert_type, parsed))  # fmt: skip
        if parsed is not None:
            await _keep(webhooks(work), method_id, kind, parsed)
        elif kind != before.alert_type:
            await webhooks(work).forget([method_id])

    await run(unit)


async def delete(
    run: Runner, webhooks: WebhooksOf, known_of: KnownOf, organisation_id: int, method_id: uuid.UUID
) -> None:
    """Refused (409) while alerts use the method.

    Counted after the deletion is appended: an alert creation choosing the method appends to the same stream, so
    it either committed before that append (and its alert is counted) or collides with it and, retried, finds the
    method gone. Counted before, a creation could commit in between unseen."""

    async def unit(work: UnitOfWork) -> None:
        await decide(work, methods.stream_id(method_id), methods.fold,
                     lambda method: methods.delete(method, organisation_id))  # fmt: skip
        await decide(work, holdings.stream_id(organisation_id), holdings.fold,
                     lambda held: holdings.remove(held, organisation_id, method_id))  # fmt: skip
        await method_in_use(known_of(work), method_id)
        await webhooks(work).forget([method_id])

    await run(unit)


async def organisation_deleted(work: UnitOfWork, webhooks: Webhooks, organisation_id: int) -> None:
    """Its methods go with it, and none can be created in it afterwards; a second delivery changes nothing."""
    before = await decide(work, holdings.stream_id(organisation_id), holdings.fold,
                          lambda held: holdings.close(held, organisation_id))  # fmt: skip
    gone = [] if before.closed else sorted(before.methods)
    for method_id in gone:
        await decide(work, methods.stream_id(method_id), methods.fold,
                     lambda method: methods.delete(method, organisation_id))  # fmt: skip
    if gone:
        await webhooks.forget(gone)


async def _keep(webhooks: Webhooks, method_id: uuid.UUID, alert_type: AlertType, parsed: Sequence[str]) -> None:
    await (webhooks.keep(method_id, parsed) if alert_type == "slack" else webhooks.forget([method_id]))
