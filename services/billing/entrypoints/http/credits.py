"""Credits: the managing organisation's list (A010) and its schema, and granting free credits (A133)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from billing.config import SCHEMA
from billing.context import managing_organisation, organisation_in_path, organisations_of, run_of
from billing.contract.pricing import CreditView, GrantCredits
from billing.domain.money import money
from billing.service_layer import credits
from common.http.app import RUNTIME
from common.http.bodies import created, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec

CREDITS = ListSpec(
    source=f"{SCHEMA}.credits",
    fields=[
        Field("id", "uuid"),
        Field("currency", help="usd, gbp or eur"),
        Field("amount", filterable=False, help="the credit granted, a decimal string"),
        Field("note", nullable=True, max_length=300, help="why it was granted"),
        Field("organisation_id", "integer", filterable=False),
        Field("created_at", "datetime"),
    ],
    default_order="-created_at",
)


def _credit(row: Any) -> CreditView:
    return CreditView.model_validate({**row, "amount": money(row["amount"])})


async def list_credits(request: web.Request) -> web.Response:
    return await page(request, CREDITS, _credit, ["organisation_id = $1"], [managing_organisation(request)])


async def grant(request: web.Request) -> web.Response:
    body, organisation_id = await read_model(request, GrantCredits), organisation_in_path(request)
    credit_id = await credits.grant(run_of(request), organisations_of(request), organisation_id, body.amount,
                                    body.currency, body.note, principal_of(request).user_id)  # fmt: skip
    row = await request.app[RUNTIME].pool.fetchrow(f"SELECT * FROM {SCHEMA}.credits WHERE id = $1", credit_id)
    return created(_credit(row), "/api/credits")


HANDLERS = {
    "credits.list": list_credits,
    "credits.schema": schema_handler(CREDITS, "Credits of the managing organisation"),
    "credits.grant": grant,
}
