"""Handling the service's own commands: provision an environment's machine and agent, decommission it."""

from __future__ import annotations

import uuid

from cenv_agent.contract.hosting import AgentLaunch
from common import credentials
from common.bus.consumer import HandlerContext, Unprocessable
from common.logging import get_logger
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from environments.context import Environments
from environments.domain import decisions, environment
from environments.domain.environment import Environment
from environments.service_layer.scoped import fold, run_in

log = get_logger(__name__)


async def current(ctx: HandlerContext, environment_id: uuid.UUID) -> Environment:
    env = fold(await ctx.tx.load(environment.stream_id(environment_id)))
    if not env.exists:
        raise Unprocessable(f"unknown environment {environment_id}")
    return env


async def provision(service: Environments, ctx: HandlerContext, command: ProvisionEnvironment) -> None:
    env = await current(ctx, command.environment_id)
    if env.attempt != command.attempt or env.state not in decisions.PROVISIONABLE:
        log.info("stale_provisioning_ignored", environment_id=str(command.environment_id), attempt=command.attempt)
        return
    try:
        amqp_url = await service.broker.grant(service.runtime.connection, command.environment_id)
        launch = AgentLaunch(
            environment_id=command.environment_id,
            amqp_url=amqp_url,
            api_key=credentials.agent_credential(service.internal_key, command.environment_id),
            gateway_url=service.settings.gateway_url,
            heartbeat_seconds=service.settings.heartbeat_seconds,
        )
        await service.driver.launch(launch)
    except Exception as exc:  # noqa: BLE001 (whatever stopped the machine starting is the failure reason)
        reason = str(exc) or repr(exc)
        log.warning("provisioning_failed", environment_id=str(command.environment_id), error=reason)
        await run_in(
            ctx.tx, command.environment_id, lambda e: decisions.provisioning_failed(e, command.attempt, reason)
        )
        return
    await run_in(ctx.tx, command.environment_id, lambda e: decisions.provisioning_started(e, command.attempt))


async def decommission(service: Environments, ctx: HandlerContext, command: DecommissionEnvironment) -> None:
    env = await current(ctx, command.environment_id)
    if env.state == "deleted":
        return
    await service.driver.terminate(command.environment_id)
    await service.broker.revoke(service.runtime.connection, command.environment_id)
    await run_in(ctx.tx, command.environment_id, decisions.decommissioned)
