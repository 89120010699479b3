"""Prices: in force for the managing organisation (A014) or any (A019), permanent schedules (A017), the
defaults (A016) and their selectors (A006); new versions of a default (A018) or custom price (A015)."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from billing.adapters.price_reads import versions
from billing.config import SCHEMA
from billing.context import managing_organisation, organisation_in_path, organisations_of, run_of
from billing.contract.pricing import (
    BITRATES,
    DURATIONS,
    DefaultPriceView,
    DefaultPricing,
    DefaultPricingQuery,
    Item,
    Option,
    PriceKey,
    PriceSelectors,
    PriceVersionView,
    PriceView,
    Pricing,
    PricingQuery,
    SetPrice,
)
from billing.domain import prices
from billing.service_layer import details, pricing
from common.http.app import RUNTIME
from common.http.bodies import json_response, query_model, read_model
from common.http.principal import principal_of
from common.http.problems import not_found


async def _pricing(request: web.Request, organisation_id: int, item: Item | None = None) -> web.Response:
    asked = query_model(request, PricingQuery).currency
    currency = await details.currency_for(organisations_of(request), organisation_id, asked)
    pool = request.app[RUNTIME].pool
    default = await versions(pool, SCHEMA, None, currency, item)
    custom = await versions(pool, SCHEMA, organisation_id, currency, item)
    listed = prices.price_list(default, custom, datetime.now(UTC))
    views = [PriceView(**key.model_dump(), amount=v.amount, valid_from=v.valid_from, custom=own)
             for key, v, own in listed]  # fmt: skip
    return json_response(Pricing(organisation_id=organisation_id, currency=currency, prices=views))


async def for_managing(request: web.Request) -> web.Response:
    return await _pricing(request, managing_organisation(request))


async def permanent_schedules(request: web.Request) -> web.Response:
    return await _pricing(request, managing_organisation(request), "permanent_schedule")


async def for_organisation(request: web.Request) -> web.Response:
    principal, organisation_id = principal_of(request), organisation_in_path(request)
    if not principal.is_staff and principal.managing_organisation_id != organisation_id:
        raise not_found("organisation")
    if await organisations_of(request).currency_of(organisation_id) is None:
        raise not_found("organisation")
    return await _pricing(request, organisation_id)


async def defaults(request: web.Request) -> web.Response:
    currency, now = query_model(request, DefaultPricingQuery).currency, datetime.now(UTC)
    default = await versions(request.app[RUNTIME].pool, SCHEMA, None, currency)
    return json_response(DefaultPricing(prices=[_default_view(key, history, now) for key, history in default.items()]))


def _default_view(key: PriceKey, history: list[prices.Version], now: datetime) -> DefaultPriceView:
    current = prices.in_force(history, now)
    return DefaultPriceView(
        **key.model_dump(), amount=current and current.amount, valid_from=current and current.valid_from,
        versions=[PriceVersionView(amount=v.amount, valid_from=v.valid_from) for v in history],
    )  # fmt: skip


async def set_default(request: web.Request) -> web.Response:
    body = await read_model(request, SetPrice)
    version = await pricing.set_default(run_of(request), _key(body), body.amount, body.valid_from)
    return json_response(PriceVersionView(amount=version.amount, valid_from=version.valid_from), 201)


async def set_custom(request: web.Request) -> web.Response:
    body = await read_model(request, SetPrice)
    version = await pricing.set_custom(run_of(request), organisations_of(request), organisation_in_path(request),
                                       _key(body), body.amount, body.valid_from)  # fmt: skip
    return json_response(PriceVersionView(amount=version.amount, valid_from=version.valid_from))


def _key(body: SetPrice) -> PriceKey:
    return PriceKey.model_validate(body.model_dump(exclude={"amount", "valid_from"}))


async def selectors(_: web.Request) -> web.Response:
    return json_response(PriceSelectors(
        bitrates=[Option(value=b, label=f"up to {b} Mbit/s") for b in BITRATES],
        durations=[Option(value=m, label=f"{m} month{'s' if m > 1 else ''}") for m in DURATIONS],
    ))  # fmt: skip


HANDLERS = {
    "pricing.selectors": selectors,
    "pricing.managing": for_managing,
    "pricing.set_custom": set_custom,
    "pricing.defaults": defaults,
    "pricing.permanent_schedules": permanent_schedules,
    "pricing.set_default": set_default,
    "pricing.organisation": for_organisation,
}
