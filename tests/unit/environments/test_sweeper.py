"""The sweep on the in-memory store: what it does once time has passed (the clock skips ahead)."""

from __future__ import annotations

from cenv_agent.contract.messages import RestartEnvironment
from environments.adapters.commands import DecommissionEnvironment
from environments.config import EnvironmentsSettings
from environments.domain import events as e
from environments.service_layer import lifecycle
from environments.service_layer.sweeper import sweep_once
from tests.unit.environments.service import InMemoryService

SETTINGS = EnvironmentsSettings(
    SWITCHYARD_INTERNAL_KEY="k", SWITCHYARD_COMMAND_ACK_TIMEOUT_SECONDS=10, SWITCHYARD_COMMAND_MAX_ATTEMPTS=2,
    SWITCHYARD_PROVISION_TIMEOUT_SECONDS=60, SWITCHYARD_UNREACHABLE_AFTER_SECONDS=20,
    SWITCHYARD_SETTLE_TIMEOUT_SECONDS=30, SWITCHYARD_DECOMMISSION_TIMEOUT_SECONDS=30,
)  # fmt: skip


async def sweep_after(service: InMemoryService, seconds: float) -> None:
    service.clock.skip(seconds)
    await sweep_once(service.run, service.index, SETTINGS, service.awake_since)


async def test_an_unanswered_command_is_sent_again_then_expires() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await service.liveness.heard(environment_id)
    await lifecycle.act(service.run, environment_id, "restart")
    await sweep_after(service, 5)
    assert (await service.env(environment_id)).pending.attempts == 1  # type: ignore[union-attr]
    await sweep_after(service, 6)
    sent = await service.sent(environment_id)
    assert [type(m) for m in sent[-2:]] == [RestartEnvironment, RestartEnvironment]
    assert sent[-1].command_id == sent[-2].command_id  # type: ignore[attr-defined]
    await service.liveness.heard(environment_id)
    await sweep_after(service, 11)
    env = await service.env(environment_id)
    assert (env.pending, env.health, env.state) == (None, "degraded", "restarting")


async def test_provisioning_that_outlasts_its_deadline_fails() -> None:
    service = InMemoryService()
    environment_id = await service.create()
    await service.provision(environment_id)
    await sweep_after(service, 30)
    assert (await service.env(environment_id)).state == "provisioning"
    await sweep_after(service, 31)
    failed = await service.events(environment_id)
    assert isinstance(failed[-1], e.ProvisioningFailed) and "60 s" in failed[-1].reason


async def test_a_silent_agent_makes_its_environment_unreachable_once() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await service.liveness.heard(environment_id)
    await sweep_after(service, 15)
    assert (await service.env(environment_id)).health == "ok"
    await sweep_after(service, 10)
    await sweep_after(service, 10)
    unreachable = [x for x in await service.events(environment_id) if isinstance(x, e.BecameUnreachable)]
    assert len(unreachable) == 1 and (await service.env(environment_id)).health == "unreachable"


async def test_a_creation_whose_command_was_never_handled_fails_at_its_deadline() -> None:
    service = InMemoryService()
    environment_id = await service.create()
    await sweep_after(service, 61)
    assert (await service.env(environment_id)).state == "failed"
    await lifecycle.act(service.run, environment_id, "start")
    await service.provision(environment_id)
    assert (await service.env(environment_id)).state == "provisioning"


async def test_an_expired_stop_leaves_nothing_stuck() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await lifecycle.act(service.run, environment_id, "stop")
    for _ in range(4):
        await sweep_after(service, 41)  # the agent is gone: its stop is sent again, then expires
    env = await service.env(environment_id)
    assert (env.state, env.pending) == ("running", None)
    reverted = [x for x in await service.events(environment_id) if isinstance(x, e.TransitionReverted)]
    assert len(reverted) == 1 and "confirmed" in reverted[0].reason
    await lifecycle.act(service.run, environment_id, "stop")
    assert (await service.env(environment_id)).state == "stopping"


async def test_a_decommissioning_that_did_not_finish_is_asked_for_again() -> None:
    service = InMemoryService()
    environment_id = await service.create()
    await lifecycle.act(service.run, environment_id, "delete")
    asked = len([m for m in await service.sent(environment_id) if isinstance(m, DecommissionEnvironment)])
    await sweep_after(service, 31)
    again = [m for m in await service.sent(environment_id) if isinstance(m, DecommissionEnvironment)]
    assert (asked, len(again)) == (1, 2)
