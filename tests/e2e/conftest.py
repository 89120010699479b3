"""The platform started once per test run as real processes; tests drive it through the gateway."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.support import infra
from tests.support.api import Api
from tests.support.platform import Platform, start_platform
from tests.support.slack import SlackStandIn
from tests.support.smtp import Inbox


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``last`` run after all others: they leave the shared platform in a state of their own."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


@pytest.fixture(scope="session")
def e2e_run_name(run_name: str) -> str:
    """The platform's processes get a database and vhost of their own, apart from in-process services."""
    return f"{run_name}_e2e"


@pytest.fixture(scope="session")
async def e2e_database_url(servers: infra.Servers, e2e_run_name: str) -> AsyncIterator[str]:
    async with infra.own_database(servers, e2e_run_name) as url:
        yield url


@pytest.fixture(scope="session")
async def e2e_amqp_url(servers: infra.Servers, e2e_run_name: str) -> AsyncIterator[str]:
    async with infra.own_vhost(servers, e2e_run_name) as url:
        yield url


@pytest.fixture(scope="session")
async def platform(
    e2e_database_url: str,
    e2e_amqp_url: str,
    management_url: str,
    internal_key: str,
    mailbox: Inbox,
    slack: SlackStandIn,
) -> AsyncIterator[Platform]:
    workdir = Path(tempfile.mkdtemp(prefix="switchyard-e2e-"))
    started = start_platform(e2e_database_url, e2e_amqp_url, management_url, internal_key, workdir,
                             SWITCHYARD_SMTP_HOST="127.0.0.1", SWITCHYARD_SMTP_PORT=str(mailbox.port),
                             SWITCHYARD_SLACK_BASE_URL=slack.base_url)  # fmt: skip
    try:
        await started.supervisor.wait_ready(90)
        yield started
    finally:
        started.supervisor.stop()


@pytest.fixture(scope="session")
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


@pytest.fixture(scope="session")
async def anonymous(platform: Platform, http: aiohttp.ClientSession) -> Api:
    return Api(http, platform.gateway_url)


@pytest.fixture(scope="session")
async def superuser(platform: Platform, anonymous: Api) -> Api:
    return await anonymous.login(platform.admin_email, platform.admin_password)


@pytest.fixture(scope="session")
async def broadcaster(superuser: Api) -> tuple[Api, dict[str, Any]]:
    """The superuser's organisation, and the superuser managing it. A179 lets anyone, a superuser too, have one
    organisation on free credits at a time, so the tests share it; other organisations get founders of their own."""
    organisation: dict[str, Any] = (await superuser.post("/api/organisations", {"name": "Broadcasting"})).ok(201)
    switched = await superuser.post("/api/user/managing_organisation", {"organisation_id": organisation["id"]})
    return superuser.as_(switched.ok()["jwt_token"]), organisation


@pytest.fixture(autouse=True)
async def platform_left_ready(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """A test that drops broker connections leaves services reconnecting for a few seconds: the next test starts
    only once every service is ready again, as it would find a platform nobody had just disturbed."""
    yield
    if "platform" in request.fixturenames:
        await request.getfixturevalue("platform").supervisor.wait_ready(90)
