"""Switching an organisation billing knows to account billing (A136) or its monthly report (A135)."""

from __future__ import annotations

import uuid
from functools import partial

from billing.domain import billing_settings
from billing.domain.billing_settings import Settings
from billing.service_layer.ports import Organisations
from billing.service_layer.units import decide, load
from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork


async def switch(
    run: Runner, organisations: Organisations, organisation_id: int, by: uuid.UUID | None, *,
    on_account: bool | None = None, monthly_report: bool | None = None,
) -> Settings:  # fmt: skip
    """The settings after the switch."""
    if await organisations.currency_of(organisation_id) is None:
        raise NotFound("organisation not found")

    async def unit(work: UnitOfWork) -> Settings:
        stream = billing_settings.stream_id(organisation_id)
        if on_account is not None:
            switch_to = partial(billing_settings.switch_account, organisation_id=organisation_id,
                                on_account=on_account, by=by)  # fmt: skip
            await decide(work, stream, billing_settings.fold, switch_to)
        if monthly_report is not None:
            report = partial(billing_settings.switch_monthly_report, organisation_id=organisation_id,
                             enabled=monthly_report, by=by)  # fmt: skip
            await decide(work, stream, billing_settings.fold, report)
        return await load(work, stream, billing_settings.fold)

    settings: Settings = await run(unit)
    return settings
