"""The explicit list of the platform's contracts, and what is built from it: the route table and the messages."""

from __future__ import annotations

import alerts.contract
import billing.contract
import environments.contract
import gateway.contract
import scheduler.contract
import streams.contract
from common.access.rules import Route
from common.contract import Contract, check_routes_unique

CONTRACTS: tuple[Contract, ...] = (
    gateway.contract.CONTRACT,
    environments.contract.CONTRACT,
    streams.contract.CONTRACT,
    scheduler.contract.CONTRACT,
    billing.contract.CONTRACT,
    alerts.contract.CONTRACT,
)
ROUTES: tuple[Route, ...] = tuple(route for contract in CONTRACTS for route in contract.routes)
check_routes_unique(ROUTES)


def routes_of(service: str) -> tuple[Route, ...]:
    return tuple(r for r in ROUTES if r.service == service)
