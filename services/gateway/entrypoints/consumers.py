"""What the gateway learns from the bus: which environments exist, credit exhaustion, the activity log."""

from __future__ import annotations

from billing.contract.events import CreditsExhausted
from common.bus.consumer import Consumer, Handler, HandlerContext
from common.contracts import Message, OrganisationEvent
from common.http.app import Runtime
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested
from gateway.context import SCHEMA
from gateway.contract import ACTIVITY, DIRECTORY
from switchyard.contracts import MESSAGES


async def environment_requested(ctx: HandlerContext, message: EnvironmentRequested) -> None:
    await ctx.conn.execute(
        f"""INSERT INTO {SCHEMA}.environment_directory (environment_id, organisation_id, name, updated_at)
            VALUES ($1, $2, $3, $4) ON CONFLICT (environment_id) DO NOTHING""",
        message.environment_id,
        message.organisation_id,
        message.name,
        ctx.delivery.envelope.occurred_at,
    )


async def environment_deleted(ctx: HandlerContext, message: EnvironmentDeleted) -> None:
    await ctx.conn.execute(
        f"UPDATE {SCHEMA}.environment_directory SET deleted = true, updated_at = $2 WHERE environment_id = $1",
        message.environment_id,
        ctx.delivery.envelope.occurred_at,
    )


async def credits_exhausted(ctx: HandlerContext, message: CreditsExhausted) -> None:
    await ctx.conn.execute(
        f"""INSERT INTO {SCHEMA}.credit_exhausted_addresses (address, organisation_id)
            SELECT created_from_ip, id FROM {SCHEMA}.organisations
            WHERE id = $1 AND created_from_ip IS NOT NULL
            ON CONFLICT (address) DO NOTHING""",
        message.organisation_id,
    )


async def record_activity(ctx: HandlerContext, message: OrganisationEvent) -> None:
    envelope = ctx.delivery.envelope
    resource_type, resource_id = _resource(message)
    await ctx.conn.execute(
        f"""INSERT INTO {SCHEMA}.activity_log
            (message_id, organisation_id, occurred_at, type, actor_user_id, resource_type, resource_id, summary)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
        envelope.message_id,
        message.organisation_id,
        envelope.occurred_at,
        envelope.type,
        message.actor_user_id,
        resource_type,
        resource_id,
        _summary(envelope.type, message),
    )


def _resource(message: OrganisationEvent) -> tuple[str, str]:
    for attribute in ("invitation_id", "label_id", "environment_id", "user_id"):
        value = getattr(message, attribute, None)
        if value is not None:
            return attribute.removesuffix("_id"), str(value)
    return "organisation", str(message.organisation_id)


def _summary(message_type: str, message: OrganisationEvent) -> str:
    details = message.model_dump(exclude={"organisation_id", "actor_user_id"}, mode="json")
    return f"{message_type.split('.', 1)[1]} {details}"[:500]


def organisation_events() -> list[type[Message]]:
    return [model for model in MESSAGES if issubclass(model, OrganisationEvent)]


def consumers(runtime: Runtime) -> list[Consumer]:
    directory: dict[type[Message], Handler] = {
        EnvironmentRequested: environment_requested,
        EnvironmentDeleted: environment_deleted,
        CreditsExhausted: credits_exhausted,
    }
    activity: dict[type[Message], Handler] = dict.fromkeys(organisation_events(), record_activity)
    return [runtime.consumer(DIRECTORY.queue, directory), runtime.consumer(ACTIVITY.queue, activity)]
