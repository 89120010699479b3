"""What the OpenAPI document promises about statuses holds for odd paths and for callers in unusual states."""

from __future__ import annotations

import uuid

from common.access.openapi import openapi_document
from common.http.principal import Principal
from environments.contract.routes import ROUTES as ENVIRONMENTS_ROUTES
from switchyard.contracts import ROUTES
from tests.integration.environments.conftest import EnvironmentsUnderTest


async def test_a_superuser_without_organisations_gets_documented_statuses_from_every_parameterless_read(
    environments: EnvironmentsUnderTest,
) -> None:
    fresh = Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True)
    paths = openapi_document(ROUTES)["paths"]
    for route in ENVIRONMENTS_ROUTES:
        if route.method == "GET" and "{" not in route.path:
            reply = await environments.call(fresh, "GET", route.path)
            assert str(reply.status) in paths[route.path]["get"]["responses"], (route.name, reply.status, reply.body)


async def test_a_path_naming_text_postgres_cannot_hold_is_a_404(environments: EnvironmentsUnderTest) -> None:
    admin = environments.admin_of(1)
    for path in ("/api/cloud_providers/a%00b/regions", "/api/cloud_providers/local/regions/%00/instance_types"):
        reply = await environments.call(admin, "GET", path)
        assert reply.status == 404 and reply.body["status"] == 404, (path, reply.body)
