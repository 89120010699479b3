"""I01 on every route: a generated-token request carries ``?organizationId=``, and no route may mistake it for
one of its own parameters (the environments lists used to answer 400 "organizationId is not a filter")."""

from __future__ import annotations

import time
import uuid

import pytest

from common.access import Route, decide
from common.http.principal import Principal
from gateway.adapters.tokens import generated_token
from switchyard.contracts import ROUTES
from tests.integration.access.cast import World

KNOWN = {"provider": "local", "region": "local-1"}
# A generated token is nobody (docs/decisions/0005): what is about the signed-in user refuses it, saying so.
NEEDS_A_USER = {"user.me", "organisations.manageable"}
# a façade's read names its operation in the query (seed 001, docs/decisions/0059)
ACTIONS = {"channels.admin_read": "action=getChannels&"}


def operator_of(organisation_id: int) -> Principal:
    return Principal(
        kind="user", managing_organisation_id=organisation_id, managing_role="operator",
        active_organisation_id=organisation_id, active_role="operator", via_generated_token=True,
    )  # fmt: skip


# Who a generated token is does not depend on its organisation: the reads the role matrix lets an operator make.
READS = [route for route in ROUTES if route.method == "GET" and decide(route, operator_of(1)) == "allow"]


def concrete(route: Route) -> tuple[str, bool]:
    """The route's path with real catalogue values and made-up ids, and whether every value names something."""
    values = {p.name: KNOWN.get(p.name, str(uuid.uuid4())) for p in route.path_parameters}
    return route.path.format(**values), all(p.name in KNOWN for p in route.path_parameters)


@pytest.mark.parametrize("route", READS, ids=lambda r: r.name)
async def test_a_generated_token_with_its_organization_id_reaches_every_read(world: World, route: Route) -> None:
    token = generated_token(world.organisation_t, world.token_secret_t, int(time.time()))
    path, real = concrete(route)
    query = f"{ACTIONS.get(route.name, '')}organizationId={world.organisation_t}"
    reply = await world["anonymous"].api.as_(token).get(f"{path}?{query}")
    if route.name in NEEDS_A_USER:
        assert reply.status == 403 and "signed-in user" in reply.body["detail"], reply.body
    else:
        assert reply.status in ((200,) if real else (200, 404)), reply.body


async def test_paging_links_and_filters_work_beside_the_organization_id(world: World) -> None:
    token = generated_token(world.organisation_t, world.token_secret_t, int(time.time()))
    api = world["anonymous"].api.as_(token)
    query = f"organizationId={world.organisation_t}&limit=1&name__icontains=a"
    page = (await api.get(f"/api/cloud_providers?{query}")).ok()
    assert page["meta"]["limit"] == 1 and "organizationId" not in (page["meta"]["next"] or "")
    running = (await api.get(f"/api/customer_environments/running?organizationId={world.organisation_t}")).ok()
    assert running["objects"] == [] and running["meta"]["total_count"] == 0
