"""The environments service's use cases on the in-memory store, with fakes for every port."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from cenv_agent.contract.messages import AgentProvisioned
from common.contracts import Message
from common.http.principal import Principal
from common.unit_of_work import MemoryRunner, UnitOfWork
from environments.adapters import event_codec
from environments.adapters.commands import ProvisionEnvironment
from environments.adapters.integration import translate
from environments.domain import environment
from environments.domain.environment import Environment
from environments.domain.events import DomainEvent
from environments.service_layer import lifecycle, provisioning, reports
from environments.service_layer.ports import Liveness
from environments.service_layer.units import Decide, run_on
from tests.unit.environments.fakes import (
    Clock,
    FakeAccounts,
    FakeCatalogue,
    FakeDriver,
    FakeIndex,
    FakeLiveness,
    Naps,
    machines,
)

BOOT = uuid.UUID(int=1)
Report = Callable[[UnitOfWork, Liveness, Any], Awaitable[None]]


def admin_of(organisation_id: int) -> Principal:
    return Principal(kind="user", user_id=uuid.uuid4(), managing_organisation_id=organisation_id,
                     managing_role="admin")  # fmt: skip


class InMemoryService:
    def __init__(self) -> None:
        self.run = MemoryRunner()
        self.clock = Clock()
        self.awake_since = self.clock.now()
        self.liveness = FakeLiveness(self.clock)
        self.index = FakeIndex(self.run.store, self.liveness)
        self.catalogue = FakeCatalogue()
        self.driver, self.accounts, self.naps = FakeDriver(), FakeAccounts(), Naps()
        self.machines = machines(self.driver, self.accounts, self.naps)

    async def events(self, environment_id: uuid.UUID) -> list[DomainEvent]:
        return [h.event for h in event_codec.history(await self._records(environment_id))]

    async def env(self, environment_id: uuid.UUID) -> Environment:
        return environment.fold(event_codec.history(await self._records(environment_id)))

    async def sent(self, environment_id: uuid.UUID) -> list[Message]:
        """What the outbox relay would publish for the environment's events so far."""
        return [message for record in await self._records(environment_id) for message in translate(record)]

    async def _records(self, environment_id: uuid.UUID) -> list[Any]:
        return await self.run.store.load(environment.stream_id(environment_id))

    async def create(self, organisation_id: int = 7) -> uuid.UUID:
        return await lifecycle.create(self.run, self.catalogue, admin_of(organisation_id), "studio", "local",
                                      "local-1", "standard")  # fmt: skip

    async def provision(self, environment_id: uuid.UUID) -> None:
        """Handle the provisioning command the environment's events sent last."""
        command = [m for m in await self.sent(environment_id) if isinstance(m, ProvisionEnvironment)][-1]
        await provisioning.provision(self.run, self.run, self.machines, command)

    async def decide(self, environment_id: uuid.UUID, decide: Decide) -> None:
        """Something happened to the environment that this test does not act out."""
        await run_on(self.run, environment_id, decide)

    async def report(self, use_case: Report, report: Any) -> None:
        await self.run(lambda work: use_case(work, self.liveness, report))

    async def running(self, organisation_id: int = 7) -> uuid.UUID:
        environment_id = await self.create(organisation_id)
        await self.provision(environment_id)
        provisioned = AgentProvisioned(environment_id=environment_id, agent_version="1.0.0", boot_id=BOOT)
        await self.report(reports.provisioned, provisioned)
        return environment_id
