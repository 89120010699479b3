"""The explicit list of the platform's contracts, and what is built from it: routes, messages, bus topology."""

from __future__ import annotations

import alerts.contract
import billing.contract
import cenv_agent.contract
import environments.contract
import gateway.contract
import scheduler.contract
import streams.contract
from common.access.rules import Route
from common.bus.topology import Topology, topology_of
from common.contract import Contract, check_routes_unique
from common.contracts import Message, registry_of

CONTRACTS: tuple[Contract, ...] = (
    gateway.contract.CONTRACT,
    environments.contract.CONTRACT,
    streams.contract.CONTRACT,
    scheduler.contract.CONTRACT,
    billing.contract.CONTRACT,
    alerts.contract.CONTRACT,
    cenv_agent.contract.CONTRACT,
)
ROUTES: tuple[Route, ...] = tuple(route for contract in CONTRACTS for route in contract.routes)
check_routes_unique(ROUTES)
MESSAGES: tuple[type[Message], ...] = tuple(registry_of(m for c in CONTRACTS for m in c.messages).values())
TOPOLOGY: Topology = topology_of((s for c in CONTRACTS for s in c.subscriptions), MESSAGES)


def routes_of(service: str) -> tuple[Route, ...]:
    return tuple(r for r in ROUTES if r.service == service)
