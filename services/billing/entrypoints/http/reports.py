"""Consumption of the managing organisation in its current currency: the report (A020), the report v2 with its
days (A022), the hourly breakdown (A021). Read from projections of billing's events only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from billing.adapters import report_reads
from billing.config import SCHEMA
from billing.context import managing_organisation, organisations_of
from billing.contract.reports import ConsumptionReport, ConsumptionReportV2, HourlyLine, ReportDay, ReportItem
from billing.domain import reports
from billing.domain.money import money
from billing.service_layer import details
from common import listing
from common.errors import Invalid
from common.http.app import RUNTIME
from common.http.bodies import json_response
from common.http.lists import schema_handler
from common.listing import Field, ListSpec, Tally

DATE_PARAMETERS = ("start_date", "end_date")
PAGE_PARAMETERS = ("items_per_page", "page")
HOURLY = ListSpec(
    source=report_reads.HOURLY.format(s=SCHEMA),
    fields=[
        Field("hour", "datetime", help="the hour of usage (UTC), or of purchase for agreements"),
        Field("item", help="environment_hours, output_hours or permanent_schedule"),
        Field(
            "resource_id",
            "uuid",
            help="the environment metered (for output_hours: its outputs, all bands), or the purchase of agreements",
        ),
        Field("instance_type", nullable=True),
        Field("bitrate", "integer", nullable=True),
        Field("duration_months", "integer", nullable=True),
        Field("currency", filterable=False),
        Field("seconds", filterable=False, help="exact"),
        Field("count", "integer", filterable=False, help="agreements bought"),
        Field("amount", filterable=False, help="a decimal string"),
    ],
    key="hour, item, resource_id",
    default_order="hour",
    default_limit=100,
    max_limit=500,
    tally=Tally(report_reads.HOURLY_COUNTS.format(s=SCHEMA), frozenset({"hour"})),
)


def _period(request: web.Request) -> reports.Period:
    start, end = (reports.day(request.query.get(name), name) for name in DATE_PARAMETERS)
    return reports.period(start, end, datetime.now(UTC).date())


async def _scope(request: web.Request) -> tuple[int, str, reports.Period]:
    organisation_id, period = managing_organisation(request), _period(request)
    currency = await details.currency_for(organisations_of(request), organisation_id, None)
    return organisation_id, currency, period


def _items(sums: Iterable[reports.Sum]) -> list[ReportItem]:
    return [ReportItem(item=s.key[0], instance_type=s.key[1], bitrate=s.key[2], duration_months=s.key[3],
                       seconds=s.seconds, hours=reports.hours(s.seconds), count=s.count, amount=money(s.amount))
            for s in sums]  # fmt: skip


async def _lines(request: web.Request) -> tuple[dict[str, Any], list[reports.Line]]:
    organisation_id, currency, period = await _scope(request)
    lines = await report_reads.daily(request.app[RUNTIME].pool, SCHEMA, organisation_id, currency, *period.instants)
    head = {"organisation_id": organisation_id, "currency": currency, "start_date": period.start,
            "end_date": period.end}  # fmt: skip
    return head, lines


async def report(request: web.Request) -> web.Response:
    head, lines = await _lines(request)
    sums = reports.totals(lines)
    return json_response(ConsumptionReport(**head, items=_items(sums), total=money(reports.total(sums))))


async def report_v2(request: web.Request) -> web.Response:
    head, lines = await _lines(request)
    sums = reports.totals(lines)
    days = [ReportDay(date=on, items=_items(day), total=money(reports.total(day))) for on, day in reports.by_day(lines)]
    return json_response(ConsumptionReportV2(**head, items=_items(sums), total=money(reports.total(sums)), days=days))


async def hourly(request: web.Request) -> web.Response:
    organisation_id, currency, period = await _scope(request)
    query = {k: v for k, v in request.query.items() if k not in (*DATE_PARAMETERS, *PAGE_PARAMETERS)}
    query.update(_paging(request.query, query))
    start, end = period.instants
    parsed = listing.parse(HOURLY, query, ["organisation_id = $1", "currency = $2", "hour >= $3", "hour < $4"],
                           [organisation_id, currency, start, end])  # fmt: skip
    page = await listing.fetch_page(request.app[RUNTIME].pool, HOURLY, parsed, request.path, request.query, _hourly)
    return json_response(page)


def _paging(raw: Any, query: dict[str, str]) -> dict[str, str]:
    """``items_per_page`` and ``page`` (from 1) as the ``limit`` and ``offset`` they stand for."""
    found: dict[str, str] = {}
    size = _whole(raw, "items_per_page", 1, HOURLY.max_limit)
    if size is not None:
        found["limit"] = str(size)
    number = _whole(raw, "page", 1, 10**6)
    if number is not None:
        limit = size or _whole(query, "limit", 1, HOURLY.max_limit) or HOURLY.default_limit
        found["offset"] = str((number - 1) * limit)
    return found


def _whole(raw: Any, name: str, low: int, high: int) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise Invalid(f"{name} must be a whole number from {low} to {high}", name)
    return int(value)


def _hourly(row: Any) -> HourlyLine:
    return HourlyLine.model_validate({**row, "hours": reports.hours(row["seconds"]), "amount": money(row["amount"])})


HANDLERS = {
    "consumption.report": report,
    "consumption.report_v2": report_v2,
    "consumption.hourly": hourly,
    "consumption.hourly_schema": schema_handler(HOURLY, "Hourly consumption of the managing organisation"),
}
