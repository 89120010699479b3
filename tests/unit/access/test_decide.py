"""decide() against expectations written out by hand from the seed, independent of decide itself."""

from __future__ import annotations

import pytest

from common.access import decide
from common.http.principal import ANONYMOUS, Principal
from switchyard.contracts import ROUTES
from tests.integration.access.cast import guest_of, user

A, B, G = 1001, 1002, 1003
CAST: dict[str, Principal] = {
    "anonymous": ANONYMOUS,
    "superuser": user(None, is_superuser=True),
    "accounts_user": user(None, is_accounts_user=True),
    "a_root": user(A, "admin", is_root=True),
    "a_admin": user(A, "admin"),
    "a_operator": user(A, "operator"),
    "a_monitor": user(A, "monitor"),
    "g_admin_visiting_a": guest_of(G, A),
    "agent": Principal(kind="agent", active_organisation_id=A),
    "cloud_worker": Principal(kind="cloud_worker"),
}
# route name → who is let through at route level (everyone else: 401 if anonymous, else 403)
EXPECTED = {
    "auth.login": set(CAST),
    "environments.create": {"superuser", "a_root", "a_admin", "g_admin_visiting_a"},
    "environments.stop": {"superuser", "a_root", "a_admin", "g_admin_visiting_a"},
    "environments.details": {
        "superuser",
        "a_root",
        "a_admin",
        "a_operator",
        "a_monitor",
        "g_admin_visiting_a",
        "agent",
    },
    "environments.history": {"superuser", "a_root", "a_admin", "a_operator", "a_monitor"},
    "organisation.change_root": {"a_root", "g_admin_visiting_a"},  # each is root of their managing organisation
    "organisations.update": {"superuser", "accounts_user"},
    "organisations.delete": {"superuser"},
    "labels.create": {"superuser", "a_root", "a_admin", "a_operator", "g_admin_visiting_a"},
    "labels.list": {"superuser", "a_root", "a_admin", "a_operator", "a_monitor", "g_admin_visiting_a"},
    "organisation_users.update": {"superuser", "a_root", "a_admin", "g_admin_visiting_a"},
    "cloud.providers": set(CAST) - {"anonymous", "agent", "cloud_worker"},
}
BY_NAME = {route.name: route for route in ROUTES}


@pytest.mark.parametrize("route_name", sorted(EXPECTED))
def test_decide_admits_exactly_the_expected_callers(route_name: str) -> None:
    route = BY_NAME[route_name]
    for name, principal in CAST.items():
        outcome = decide(route, principal)
        if name in EXPECTED[route_name]:
            assert outcome == "allow", (route_name, name, outcome)
        else:
            assert outcome == ("unauthenticated" if name == "anonymous" else "forbidden"), (route_name, name)
