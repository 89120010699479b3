"""Test-run wide fixtures: one database and one RabbitMQ vhost per run, so runs never disturb each other."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator, Iterator

import psutil
import pytest

from tests.support import infra
from tests.support.slack import SlackStandIn, slack_stand_in
from tests.support.smtp import Inbox, smtp_server


@pytest.fixture(scope="session")
def servers() -> Iterator[infra.Servers]:
    try:
        found = infra.locate_servers()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield found
    for container in found.containers:
        container.stop()


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Inbox]:
    """A real SMTP server for the run: every mail the services under test send goes to it."""
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="session")
async def slack() -> AsyncIterator[SlackStandIn]:
    """A stand-in for Slack's incoming webhooks, recording what is posted to it."""
    async with slack_stand_in() as stand_in:
        yield stand_in


@pytest.fixture(scope="session")
def run_name() -> str:
    return infra.run_name()


@pytest.fixture(scope="session")
async def database_url(servers: infra.Servers, run_name: str) -> AsyncIterator[str]:
    async with infra.own_database(servers, run_name) as url:
        yield url


@pytest.fixture(scope="session")
async def amqp_url(servers: infra.Servers, run_name: str) -> AsyncIterator[str]:
    async with infra.own_vhost(servers, run_name) as url:
        yield url


@pytest.fixture(scope="session")
def management_url(servers: infra.Servers) -> str:
    return servers.management_url


@pytest.fixture(scope="session")
def internal_key() -> str:
    return secrets.token_hex(32)


@pytest.fixture(scope="session", autouse=True)
def agent_hosts_go_with_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Agent hosts outlive the service that started them (they are the machines); the run's own go with the run."""
    yield
    base = str(tmp_path_factory.getbasetemp())
    hosts = [p for p in psutil.process_iter(["cmdline"]) if _is_agent_host_under(p.info["cmdline"] or [], base)]
    for host in hosts:
        with contextlib.suppress(psutil.Error):
            host.terminate()
    psutil.wait_procs(hosts, timeout=10)


def _is_agent_host_under(cmdline: list[str], base: str) -> bool:
    return "cenv_agent" in cmdline and "host" in cmdline and any(part.startswith(base) for part in cmdline)
