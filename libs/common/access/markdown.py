"""``docs/role-matrix.md``: the role matrix as a table per service, for people."""

from __future__ import annotations

from collections.abc import Iterable

from common.access.rules import Route

HEADER = """\
# Role matrix

Generated from each service's `contract/routes.py` by `python -m switchyard.docs`; do not edit by hand.

Every HTTP route of the platform, who may call it, and the object-level rule the owning service
adds. A route's rules are alternatives: any one suffices. The gateway enforces them and the owning
service checks them again. "Managing organisation" is where a user acts, "active organisation" the
one whose resources they view (their own, or one they are a guest of). A request with a generated
organisation token acts as an operator of that organisation, with it as both managing and active
organisation.
"""
COLUMNS = ("Method", "Path", "Id", "Operation", "Who may call", "Object-level rule", "Note")


def role_matrix(routes: Iterable[Route]) -> str:
    by_service: dict[str, list[Route]] = {}
    for route in routes:
        by_service.setdefault(route.service, []).append(route)
    sections = [_section(service, service_routes) for service, service_routes in by_service.items()]
    return "\n".join([HEADER, *sections])


def _section(service: str, routes: list[Route]) -> str:
    lines = [f"## {service}", "", _row(COLUMNS), _row(["---"] * len(COLUMNS))]
    lines += [_row(_cells(route)) for route in routes]
    return "\n".join(lines) + "\n"


def _cells(route: Route) -> list[str]:
    return [
        route.method,
        f"`{route.path}`",
        route.catalogue_id,
        f"{route.summary} (`{route.name}`)",
        "<br>".join(rule.describe() for rule in route.allow),
        route.object_rule,
        route.note,
    ]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_escape(cell) for cell in cells) + " |"


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")
