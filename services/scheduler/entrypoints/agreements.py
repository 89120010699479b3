"""The scheduler's read model of billing's permanent-schedule agreements (``agreements``, kept by these handlers):
an agreement known (purchased: its bitrate and expiry), assigned to an output and not finished binds that output
on its environment's stream (A106); a release or its end unbinds it, and the environment's set is recomputed."""

from __future__ import annotations

from typing import Any

from billing.contract.events import AgreementAssigned, AgreementFinished, AgreementPurchased, AgreementReleased
from common.bus.consumer import Handler, HandlerContext
from common.contracts import Message
from common.unit_of_work import Work
from scheduler.adapters.projections import PROJECTIONS
from scheduler.context import utc_now
from scheduler.domain.environment import Bound
from scheduler.service_layer import environments

AgreementEvent = AgreementPurchased | AgreementAssigned | AgreementReleased | AgreementFinished


def _after(known: dict[str, Any], message: AgreementEvent) -> dict[str, Any]:
    match message:
        case AgreementPurchased():
            return {**known, "bitrate_mbps": message.bitrate, "expires_at": message.expires_at}
        case AgreementAssigned():
            return {**known, "environment_id": message.environment_id, "output_id": message.output_id}
        case AgreementReleased() if known["output_id"] == message.output_id:
            return {**known, "environment_id": None, "output_id": None}
        case AgreementFinished():
            return {**known, "finished": True}
    return known


def _binding(row: dict[str, Any]) -> tuple[Any, str, Bound] | None:
    """(environment, output, agreement) when the row binds an output."""
    if row["output_id"] is None or row["bitrate_mbps"] is None or row["finished"]:
        return None
    return row["environment_id"], row["output_id"], Bound(row["id"], row["bitrate_mbps"] * 1000, row["expires_at"])


async def agreement_changed(ctx: HandlerContext, message: AgreementEvent) -> None:
    s, now = ctx.tx.schema, utc_now()
    # Billing publishes an agreement's purchase and assignment back to back and they may be handled at once: each
    # would read the row without the other's change and the later commit would drop it. So one at a time, and the
    # read is a statement after the lock's, seeing what the holder committed.
    await ctx.conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"{s}:agreement:{message.agreement_id}"
    )
    row = await ctx.conn.fetchrow(f"SELECT * FROM {s}.agreements WHERE id = $1", message.agreement_id)
    before = dict(row) if row else {"id": message.agreement_id, "organisation_id": message.organisation_id,
                                    "bitrate_mbps": None, "expires_at": None, "environment_id": None,
                                    "output_id": None, "finished": False}  # fmt: skip
    after = _after(before, message)
    was, bound = _binding(before), _binding(after)
    work = Work(ctx.tx, PROJECTIONS, lock=True)
    # the appends come first: an append must be its transaction's first write
    if was is not None and was != bound:
        await environments.agreement_noted(work, was[0], message.organisation_id, was[1], was[2], False, now)
    if bound is not None and bound != was:
        await environments.agreement_noted(work, bound[0], message.organisation_id, bound[1], bound[2], True, now)
    await ctx.conn.execute(
        f"""INSERT INTO {s}.agreements (id, organisation_id, bitrate_mbps, expires_at, environment_id, output_id,
                finished) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET bitrate_mbps = excluded.bitrate_mbps, expires_at = excluded.expires_at,
                environment_id = excluded.environment_id, output_id = excluded.output_id,
                finished = excluded.finished""",
        after["id"], after["organisation_id"], after["bitrate_mbps"], after["expires_at"], after["environment_id"],
        after["output_id"], after["finished"],
    )  # fmt: skip


HANDLERS: dict[type[Message], Handler] = dict.fromkeys(
    (AgreementPurchased, AgreementAssigned, AgreementReleased, AgreementFinished), agreement_changed
)
