"""Handling what agents report: provisioned, state, heartbeats, and the outcome of each command."""

from __future__ import annotations

import json
import uuid

from cenv_agent.contract.messages import (
    AgentHeartbeat,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
    Load,
)
from common.bus.consumer import HandlerContext, Unprocessable
from common.contracts import AgentEvent
from common.logging import get_logger
from environments.adapters.broker import agent_user
from environments.domain import decisions, environment
from environments.domain.environment import Environment
from environments.service_layer.scoped import fold, run_in

log = get_logger(__name__)


def authorise(delivery: object, message: object) -> None:
    """Only an environment's own agent speaks for it (RabbitMQ validates user_id against the login)."""
    if not isinstance(message, AgentEvent):
        raise Unprocessable("only agent events are accepted on the agent events queue")
    environment_id = message.environment_id
    if getattr(delivery, "user_id", None) != agent_user(environment_id):
        raise Unprocessable(f"sent by {getattr(delivery, 'user_id', None)!r}, not by the agent of {environment_id}")
    if not str(getattr(delivery, "routing_key", "")).startswith(f"{environment_id}."):
        raise Unprocessable("the routing key does not match the environment")


async def _live(ctx: HandlerContext, environment_id: uuid.UUID) -> Environment:
    env = fold(await ctx.tx.load(environment.stream_id(environment_id)))
    if not env.exists:
        raise Unprocessable(f"unknown environment {environment_id}")
    if env.state == "deleted":
        raise Unprocessable(f"environment {environment_id} is deleted")
    return env


async def _liveness(ctx: HandlerContext, environment_id: uuid.UUID, load: Load | None = None, **fields: object) -> None:
    await ctx.conn.execute(
        f"""INSERT INTO {ctx.tx.schema}.environment_liveness
              (environment_id, last_heartbeat_at, boot_id, media_state, agent_version, load)
            VALUES ($1, now(), $2, $3, $4, $5)
            ON CONFLICT (environment_id) DO UPDATE SET last_heartbeat_at = now(),
              boot_id = coalesce(excluded.boot_id, environment_liveness.boot_id),
              media_state = coalesce(excluded.media_state, environment_liveness.media_state),
              agent_version = coalesce(excluded.agent_version, environment_liveness.agent_version),
              load = coalesce(excluded.load, environment_liveness.load)""",
        environment_id, fields.get("boot_id"), fields.get("media_state"), fields.get("version"),
        json.loads(load.model_dump_json()) if load is not None else None,
    )  # fmt: skip


async def provisioned(ctx: HandlerContext, report: AgentProvisioned) -> None:
    await _live(ctx, report.environment_id)
    await run_in(
        ctx.tx, report.environment_id, lambda e: decisions.provisioned(e, report.agent_version, report.boot_id)
    )
    await _liveness(ctx, report.environment_id, boot_id=report.boot_id, version=report.agent_version)


async def state_reported(ctx: HandlerContext, report: AgentStateReported) -> None:
    await _live(ctx, report.environment_id)
    await run_in(
        ctx.tx,
        report.environment_id,
        lambda e: [
            *decisions.heard_from(e),
            *decisions.reconcile(e, report.media_state, report.boot_id, report.sequence),
        ],
    )
    await _liveness(
        ctx, report.environment_id, boot_id=report.boot_id, media_state=report.media_state, version=report.version
    )


async def heartbeat(ctx: HandlerContext, report: AgentHeartbeat) -> None:
    env = await _live(ctx, report.environment_id)
    if env.health != "ok":
        await run_in(ctx.tx, report.environment_id, decisions.heard_from)
    await _liveness(
        ctx, report.environment_id, boot_id=report.boot_id, media_state=report.media_state, load=report.load
    )


async def acknowledged(ctx: HandlerContext, report: CommandAcknowledged) -> None:
    await _live(ctx, report.environment_id)
    await run_in(ctx.tx, report.environment_id, lambda e: decisions.acknowledged(e, report.command_id))


async def completed(ctx: HandlerContext, report: CommandCompleted) -> None:
    await _live(ctx, report.environment_id)
    log.info("agent_command_completed", environment_id=str(report.environment_id), command=report.command_type)
    await run_in(
        ctx.tx,
        report.environment_id,
        lambda e: decisions.completed(
            e, report.command_id, report.media_state, report.version, report.boot_id, report.sequence
        ),
    )
    await _liveness(ctx, report.environment_id, media_state=report.media_state, version=report.version)


async def failed(ctx: HandlerContext, report: CommandFailed) -> None:
    await _live(ctx, report.environment_id)
    await run_in(ctx.tx, report.environment_id, lambda e: decisions.failed(e, report.command_id, report.reason))
