"""Billing details of the managing organisation, per currency: read (A011), create or update (A012)."""

from __future__ import annotations

from aiohttp import web

from billing.config import SCHEMA
from billing.context import managing_organisation, organisations_of, run_of
from billing.contract.schemas import BillingDetailsView, CurrencyQuery, SaveBillingDetails
from billing.service_layer import details
from common.http.app import RUNTIME
from common.http.bodies import json_response, query_model, read_model
from common.http.problems import not_found


async def _fetch(request: web.Request, organisation_id: int, currency: str) -> BillingDetailsView:
    sql = f"SELECT * FROM {SCHEMA}.billing_details WHERE organisation_id = $1 AND currency = $2"
    row = await request.app[RUNTIME].pool.fetchrow(sql, organisation_id, currency)
    if row is None:
        raise not_found(f"billing details in {currency}")
    return BillingDetailsView.model_validate({**row["details"], **row})


async def read(request: web.Request) -> web.Response:
    organisation_id, asked = managing_organisation(request), query_model(request, CurrencyQuery).currency
    currency = await details.currency_for(organisations_of(request), organisation_id, asked)
    return json_response(await _fetch(request, organisation_id, currency))


async def save(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, SaveBillingDetails), managing_organisation(request)
    currency = await details.currency_for(organisations_of(request), organisation_id, body.currency)
    await details.save(run_of(request), organisation_id, currency, body.model_dump(exclude={"currency"}))
    return json_response(await _fetch(request, organisation_id, currency))


HANDLERS = {"billing_details.read": read, "billing_details.save": save}
