"""Permanent-schedule agreements of the managing organisation: list (A007) and its schema, purchase (A008)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from aiohttp import web

from billing.config import SCHEMA
from billing.context import managing_organisation, run_of
from billing.contract.agreements import AgreementView, PurchaseAgreements, PurchasedAgreements
from billing.domain.money import money
from billing.service_layer import agreements
from common.http.app import RUNTIME
from common.http.bodies import created, read_model
from common.http.lists import page, schema_handler
from common.listing import Field, ListSpec

PATH = "/api/permanent_schedule_agreements"
AGREEMENTS = ListSpec(
    source=f"{SCHEMA}.agreements",
    fields=[
        Field("id", "uuid"),
        Field("purchase_id", "uuid"),
        Field("bitrate", "integer", help="upper bound of the bitrate band in Mbit/s"),
        Field("duration_months", "integer"),
        Field("currency", help="usd, gbp or eur"),
        Field("price", filterable=False, help="what the agreement cost, a decimal string"),
        Field("paid_by", help="credits or account"),
        Field("purchased_at", "datetime"),
        Field("expires_at", "datetime"),
        Field("is_assigned", "boolean", help="an assigned agreement cannot be assigned to another output"),
        Field("is_finished", "boolean", help="a finished (expired) agreement cannot be assigned"),
        Field("output_id", nullable=True),
        Field("environment_id", "uuid", nullable=True),
        Field("finished_at", "datetime", nullable=True),
        Field("organisation_id", "integer", filterable=False),
    ],
    default_order="-purchased_at",
)


def _agreement(row: Any) -> AgreementView:
    return AgreementView.model_validate({**row, "price": money(row["price"])})


async def list_agreements(request: web.Request) -> web.Response:
    return await page(request, AGREEMENTS, _agreement, ["organisation_id = $1"], [managing_organisation(request)])


async def purchase(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, PurchaseAgreements), managing_organisation(request)
    purchase_id = await agreements.purchase(run_of(request), organisation_id, body.bitrate, body.duration_months,
                                            body.number_of_agreements, datetime.now(UTC))  # fmt: skip
    sql = f"SELECT * FROM {SCHEMA}.agreements WHERE purchase_id = $1 ORDER BY id"
    bought = [_agreement(row) for row in await request.app[RUNTIME].pool.fetch(sql, purchase_id)]
    total = sum((a.price for a in bought), Decimal(0))
    answer = PurchasedAgreements(currency=bought[0].currency, total=total, paid_by=bought[0].paid_by, agreements=bought)
    return created(answer, PATH)


HANDLERS = {
    "agreements.list": list_agreements,
    "agreements.schema": schema_handler(AGREEMENTS, "Permanent-schedule agreements of the managing organisation"),
    "agreements.purchase": purchase,
}
