"""What one service shows the rest of the platform: its HTTP routes and its bus messages.

Each service declares one ``Contract`` in its import-light ``contract`` package; the platform's
list of contracts (``switchyard.contracts``) builds the route table, the message registry, the
bus topology and the documents from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from common.access.rules import Route
from common.bus.topology import Subscription
from common.contracts.envelope import Message


@dataclass(frozen=True)
class Contract:
    """``messages``: the public messages the service publishes (or, for the agent, accepts);
    ``subscriptions``: the queues it consumes."""

    service: str
    routes: tuple[Route, ...] = ()
    messages: tuple[type[Message], ...] = ()
    subscriptions: tuple[Subscription, ...] = ()


def check_routes_unique(routes: Iterable[Route]) -> None:
    routes = list(routes)
    names = [r.name for r in routes]
    duplicates = {n for n in names if names.count(n) > 1}
    keys = [(r.method, r.path) for r in routes]
    clashes = {k for k in keys if keys.count(k) > 1}
    if duplicates or clashes:
        raise ValueError(f"route table has duplicates: {duplicates or clashes}")
