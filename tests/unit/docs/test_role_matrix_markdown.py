"""docs/role-matrix.md: a table per service with a row for every route."""

from __future__ import annotations

from common.access.markdown import COLUMNS, role_matrix
from common.access.rules import Route
from common.access.shorthand import SUPERUSER, managing
from switchyard.contracts import ROUTES


def test_every_route_has_a_row_in_its_services_table() -> None:
    text = role_matrix(ROUTES)
    for route in ROUTES:
        section = text.split(f"## {route.service}\n", 1)[1].split("\n## ", 1)[0]
        [row] = [line for line in section.splitlines() if f"(`{route.name}`)" in line]
        assert row.startswith(f"| {route.method} | `{route.path}` | {route.catalogue_id} |")
        assert all(rule.describe() in row for rule in route.allow)
        assert route.object_rule in row


def test_a_pipe_in_a_cell_does_not_break_the_table() -> None:
    route = Route(
        "things.list", "A001", "GET", "/api/things", "things", "List | things", (SUPERUSER, managing("admin")),
        object_rule="yours | else 404",
    )  # fmt: skip
    row = role_matrix([route]).splitlines()[-1]
    assert "List \\| things" in row and "yours \\| else 404" in row
    assert row.replace("\\|", "").count("|") == len(COLUMNS) + 1
    assert "superuser<br>admin of the managing organisation" in row
