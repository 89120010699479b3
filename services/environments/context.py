"""What the environments service's handlers share: settings, the runner of units of work, the read side's ports,
the provisioning driver and the agents' broker accounts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import asyncpg
from aiohttp import web

from common.http.app import Runtime
from common.unit_of_work import PostgresRunner
from environments.adapters.broker import AgentBroker, BrokerAccounts
from environments.adapters.projections import PROJECTIONS
from environments.adapters.provisioning import LocalDriver, ProvisioningDriver, RemoteDriver
from environments.adapters.read_side import PostgresCatalogue, PostgresIndex
from environments.adapters.turns import PostgresTurns
from environments.config import EnvironmentsSettings
from environments.service_layer.backoff import Backoff
from environments.service_layer.provisioning import Machines

SCHEMA = "environments"
TURNS = "environments-turns"  # how the turns' connection shows in pg_stat_activity


@dataclass
class Environments:
    settings: EnvironmentsSettings
    runtime: Runtime
    driver: ProvisioningDriver
    broker: AgentBroker
    turns: PostgresTurns

    @property
    def internal_key(self) -> bytes:
        return self.settings.internal_key.get_secret_value().encode()

    @property
    def run(self) -> PostgresRunner:
        return PostgresRunner(self.runtime.store, PROJECTIONS)

    @property
    def index(self) -> PostgresIndex:
        return PostgresIndex(self.runtime.pool, SCHEMA)

    @property
    def catalogue(self) -> PostgresCatalogue:
        return PostgresCatalogue(self.runtime.pool, SCHEMA)

    @property
    def machines(self) -> Machines:
        """Built on each use: tests swap the driver or the broker of a running service."""
        accounts = BrokerAccounts(self.broker, self.runtime.connection)
        retry = Backoff(self.settings.provision_attempts, self.settings.provision_backoff_seconds)
        return Machines(self.driver, accounts, self.turns, self.internal_key, self.settings.gateway_url,
                        self.settings.heartbeat_seconds, retry)  # fmt: skip


def _driver(settings: EnvironmentsSettings) -> ProvisioningDriver:
    if settings.provisioning_driver == "remote":
        return RemoteDriver(settings.agent_host_url, settings.internal_key.get_secret_value().encode())
    return LocalDriver(Path(settings.agent_state_dir).resolve(), settings.agent_hosts)


async def open_environments(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, EnvironmentsSettings)
    broker = AgentBroker(
        settings.management_url,
        settings.amqp_url,
        settings.agent_amqp_url,
        settings.consumer_max_deliveries,
        queue_key=settings.internal_key.get_secret_value().encode(),  # the key agent credentials derive from too
    )
    turns = PostgresTurns(lambda: asyncpg.connect(settings.database_url, server_settings={"application_name": TURNS}))
    runtime.app[ENVIRONMENTS] = Environments(settings, runtime, _driver(settings), broker, turns)


async def close_environments(runtime: Runtime) -> None:
    context = runtime.app.get(ENVIRONMENTS)
    if context is not None:
        await context.driver.close()
        await context.turns.close()


ENVIRONMENTS = web.AppKey("environments", Environments)


def context_of(runtime: Runtime) -> Environments:
    return runtime.app[ENVIRONMENTS]


def from_request(request: web.Request) -> Environments:
    return request.app[ENVIRONMENTS]
