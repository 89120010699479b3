"""What accounts staff switch and watch: account billing (A136), the monthly billing report (A135), the
running-state overview (A137) and its schema."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from billing.config import SCHEMA
from billing.context import organisation_in_path, organisations_of, run_of
from billing.contract.accounts import BillingSettingsView, RunningStateView, SwitchAccountBilling, SwitchMonthlyReport
from billing.domain.billing_settings import Settings
from billing.domain.money import money
from billing.service_layer import billing_settings
from common.http.bodies import json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec

S = SCHEMA
RUNNING = ListSpec(
    source=f"""(
        SELECT o.organisation_id, o.currency, coalesce(b.on_account, false) AS on_account,
               (SELECT count(*) FROM {S}.usage_intervals i JOIN {S}.metered_environments m USING (environment_id)
                WHERE m.organisation_id = o.organisation_id AND i.ended_at IS NULL) AS running_environments,
               (SELECT string_agg(DISTINCT m.instance_type, ',' ORDER BY m.instance_type)
                FROM {S}.usage_intervals i JOIN {S}.metered_environments m USING (environment_id)
                WHERE m.organisation_id = o.organisation_id AND i.ended_at IS NULL) AS running_instance_types,
               (SELECT count(*) FROM {S}.agreements a
                WHERE a.organisation_id = o.organisation_id AND NOT a.is_finished) AS active_agreements,
               (SELECT count(*) FROM {S}.agreements a
                WHERE a.organisation_id = o.organisation_id AND NOT a.is_finished AND a.is_assigned)
                   AS assigned_agreements,
               (SELECT coalesce(sum(c.amount - c.drawn), 0) FROM {S}.credits c
                WHERE c.organisation_id = o.organisation_id AND c.currency = o.currency) AS credits_left
        FROM {S}.organisations o LEFT JOIN {S}.billing_settings b USING (organisation_id)
    ) AS running""",
    fields=[
        Field("organisation_id", "integer"),
        Field("currency", help="usd, gbp or eur"),
        Field("on_account", "boolean"),
        Field("running_environments", "integer"),
        Field("running_instance_types", nullable=True),
        Field("active_agreements", "integer"),
        Field("assigned_agreements", "integer"),
        Field("credits_left", filterable=False, help="a decimal string"),
    ],
    key="organisation_id",
    default_order="organisation_id",
)
SOMETHING_RUNS = "(running_environments > 0 OR active_agreements > 0)"


def _settings(organisation_id: int, settings: Settings) -> BillingSettingsView:
    return BillingSettingsView(organisation_id=organisation_id, on_account=settings.on_account,
                               monthly_billing_report=settings.monthly_report)  # fmt: skip


async def switch_account_billing(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, SwitchAccountBilling), organisation_in_path(request)
    settings = await billing_settings.switch(run_of(request), organisations_of(request), organisation_id,
                                             principal_of(request).user_id, on_account=body.on_account)  # fmt: skip
    return json_response(_settings(organisation_id, settings))


async def switch_monthly_report(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, SwitchMonthlyReport), organisation_in_path(request)
    settings = await billing_settings.switch(run_of(request), organisations_of(request), organisation_id,
                                             principal_of(request).user_id, monthly_report=body.enabled)  # fmt: skip
    return json_response(_settings(organisation_id, settings))


def _running(row: Any) -> RunningStateView:
    return RunningStateView.model_validate({**row, "credits_left": money(row["credits_left"])})


async def running_state(request: web.Request) -> web.Response:
    return await page(request, RUNNING, _running, [SOMETHING_RUNS])


HANDLERS = {
    "accounts.switch_account_billing": switch_account_billing,
    "accounts.monthly_report": switch_monthly_report,
    "accounts.running_state": running_state,
    "accounts.running_state_schema": schema_handler(RUNNING, "What each organisation is running and paying for"),
}
