"""Routes the gateway serves itself: identity, organisations, guests, labels, tokens, activity."""

from __future__ import annotations

from common.access.rules import Route
from gateway.contract.routes.accounts import ACCOUNTS_ROUTES
from gateway.contract.routes.labels import LABELS_ROUTES
from gateway.contract.routes.members import MEMBERS_ROUTES
from gateway.contract.routes.organisations import ORGANISATIONS_ROUTES
from gateway.contract.routes.sources import SOURCES_ROUTES

ROUTES: tuple[Route, ...] = (
    *ACCOUNTS_ROUTES, *ORGANISATIONS_ROUTES, *MEMBERS_ROUTES, *SOURCES_ROUTES, *LABELS_ROUTES,
)  # fmt: skip
