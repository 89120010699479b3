"""Streams' background loops: input and output configurations the agent has not answered are sent again, a few
times (both kinds by the input command settings); guests no longer let take outputs on an environment lose the
ones they took there, and a deleted organisation what a creation racing its deletion left it; statistics samples
past their retention are pruned."""

from __future__ import annotations

from common.http.app import Runtime
from common.logging import get_logger
from common.ticks import every
from streams.adapters import statistics_store
from streams.adapters.guests import guests_of
from streams.adapters.read_side import deleted_holding_endpoints, endpoints_of, guests_holding_outputs, unanswered
from streams.adapters.secrets import secrets_of
from streams.config import SCHEMA, StreamsSettings
from streams.context import runner
from streams.service_layer import agent_copies, guest_outputs, withdrawals
from streams.service_layer.outputs import Beside

log = get_logger(__name__)


def _settings(runtime: Runtime) -> StreamsSettings:
    settings = runtime.settings
    assert isinstance(settings, StreamsSettings)
    return settings


async def chase_forever(runtime: Runtime) -> None:
    settings = _settings(runtime)
    await every(settings.sweep_seconds, lambda: chase_once(runtime, settings), "agent_copy_chase_failed")


async def chase_once(runtime: Runtime, settings: StreamsSettings) -> None:
    timeout, attempts = settings.input_command_timeout_seconds, settings.input_command_max_attempts
    for side in agent_copies.SIDES:
        for organisation_id, endpoint_id in await unanswered(runtime.pool, SCHEMA, side, timeout, attempts):
            try:
                await agent_copies.chase(runner(runtime), side, organisation_id, endpoint_id, attempts)
            except Exception as exc:  # noqa: BLE001 (one endpoint's trouble must not stop the sweep)
                log.warning(f"{side}_chase_step_failed", endpoint_id=endpoint_id, error=repr(exc))


async def withdraw_forever(runtime: Runtime) -> None:
    await every(_settings(runtime).sweep_seconds, lambda: withdraw_once(runtime), "guest_withdrawal_failed")


async def withdraw_once(runtime: Runtime) -> None:
    await withdraw_from_deleted_organisations(runtime)
    beside = Beside(secrets_of, guests_of)
    for guest, owner, environment_id in await guests_holding_outputs(runtime.pool, SCHEMA):
        withdrawn = await guest_outputs.withdraw(runner(runtime), beside, guest, owner, environment_id)
        if withdrawn:
            log.info("guest_outputs_withdrawn", guest=guest, environment_id=str(environment_id), outputs=withdrawn)


async def withdraw_from_deleted_organisations(runtime: Runtime) -> None:
    """What a deleted organisation still holds goes, as its deletion's handler would have taken it."""
    for organisation_id in await deleted_holding_endpoints(runtime.pool, SCHEMA):
        own_inputs, taken_outputs = await endpoints_of(runtime.pool, SCHEMA, organisation_id)
        deleted = await withdrawals.withdraw(runner(runtime), secrets_of, organisation_id, own_inputs, taken_outputs)
        log.info("deleted_organisation_endpoints_withdrawn", organisation_id=organisation_id, deleted=deleted)


async def prune_statistics_forever(runtime: Runtime) -> None:
    """Samples older than the retention go (decision 51); live answers after a few minutes."""
    settings = _settings(runtime)
    await every(settings.statistics_prune_seconds, lambda: prune_statistics_once(runtime, settings),
                "statistics_prune_failed", wait_first=False)  # fmt: skip


async def prune_statistics_once(runtime: Runtime, settings: StreamsSettings) -> int:
    retention = settings.statistics_retention_hours * 3600
    return await statistics_store.prune(runtime.pool, SCHEMA, retention, answers_seconds=300)
