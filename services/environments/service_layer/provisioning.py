"""Handling the service's own commands: provision an environment's machine and agent, decommission it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from cenv_agent.contract.hosting import AgentAccount, AgentLaunch
from common import credentials
from common.logging import get_logger
from common.unit_of_work import Runner
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.adapters.provisioning import ProvisioningDriver
from environments.domain import decisions
from environments.service_layer.backoff import Backoff
from environments.service_layer.ports import Turns
from environments.service_layer.units import Decide, decide_on, known

log = get_logger(__name__)


class AgentAccounts(Protocol):
    """Each agent's own broker account: granted (afresh) before its agent starts, revoked when it goes."""

    async def grant(self, environment_id: uuid.UUID) -> AgentAccount: ...

    async def revoke(self, environment_id: uuid.UUID) -> None: ...


@dataclass(frozen=True)
class Machines:
    """What starting and stopping agents takes: the driver, their broker accounts and what each launch carries.
    Each step is tried again on a fault (a broker blip must not fail a creation for good), taking the
    environment's turn and holding no transaction meanwhile."""

    driver: ProvisioningDriver
    accounts: AgentAccounts
    turn: Turns
    internal_key: bytes
    gateway_url: str
    heartbeat_seconds: float
    retry: Backoff

    async def launch(self, environment_id: uuid.UUID, instance_type: str) -> None:
        await self.retry.run(lambda: self._launch(environment_id, instance_type), "launch")

    async def _launch(self, environment_id: uuid.UUID, instance_type: str) -> None:
        account = await self.accounts.grant(environment_id)
        await self.driver.launch(AgentLaunch(
            environment_id=environment_id,
            amqp_url=account.amqp_url,
            command_queue=account.command_queue,
            api_key=credentials.agent_credential(self.internal_key, environment_id),
            gateway_url=self.gateway_url,
            heartbeat_seconds=self.heartbeat_seconds,
            instance_type=instance_type or None,
        ))  # fmt: skip

    async def release(self, environment_id: uuid.UUID) -> None:
        await self.retry.run(lambda: self.driver.terminate(environment_id), "terminate")
        await self.retry.run(lambda: self.accounts.revoke(environment_id), "revoke")


async def provision(look: Runner, settle: Runner, machines: Machines, command: ProvisionEnvironment) -> None:
    """``look`` reads in a short unit of its own; ``settle`` records the outcome (with the message, when the
    command came as one). In between, the launch and its retries hold no transaction."""
    environment_id = command.environment_id
    async with machines.turn(environment_id):
        env = await look(lambda work: known(work, environment_id))
        if env.attempt != command.attempt or env.state != "requested":  # a later attempt, or this one started
            log.info("stale_provisioning_ignored", environment_id=str(environment_id), attempt=command.attempt)
            return
        outcome: Decide = partial(decisions.provisioning_started, attempt=command.attempt)
        try:
            await machines.launch(environment_id, env.instance_type)
        except Exception as exc:  # noqa: BLE001 (whatever stopped the machine starting is the failure reason)
            reason = str(exc) or repr(exc)
            log.warning("provisioning_failed", environment_id=str(environment_id), error=reason)
            outcome = partial(decisions.provisioning_failed, attempt=command.attempt, reason=reason)
        await settle(lambda work: decide_on(work, environment_id, outcome))


async def decommission(look: Runner, settle: Runner, machines: Machines, command: DecommissionEnvironment) -> None:
    environment_id = command.environment_id
    async with machines.turn(environment_id):
        env = await look(lambda work: known(work, environment_id))
        if env.state == "deleted":
            return
        await machines.release(environment_id)
        await settle(lambda work: decide_on(work, environment_id, decisions.decommissioned))
