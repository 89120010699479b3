"""Row → response helpers shared by the gateway's handlers."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common.eventstore import PostgresEventStore
from common.http.app import RUNTIME
from common.http.principal import Principal, principal_of
from common.http.problems import Problem
from gateway.context import Gateway, gateway_of


def store_of(request: web.Request) -> PostgresEventStore:
    return request.app[RUNTIME].store


def organisation_view(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "currency": row["currency"],
        "purchase_order_number": row["purchase_order_number"],
        "payment_method": row["payment_method"],
        "root_user_id": row["root_user_id"],
        "created_at": row["created_at"],
        "resource_uri": f"/api/organisations/{row['id']}",
    }


def user_of(request: web.Request) -> tuple[Gateway, Principal]:
    """The gateway and a principal that is a real user (generated tokens and agents have no user)."""
    principal = principal_of(request)
    if principal.user_id is None:
        raise Problem(403, "this needs a signed-in user, not a generated token")
    return gateway_of(request), principal


def int_param(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 10 or int(raw) > 2**31 - 1:
        raise Problem(404, f"no such {name.removesuffix('_id')}")
    return int(raw)
