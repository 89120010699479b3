"""What agents report, handled on the in-memory store."""

from __future__ import annotations

import uuid

import pytest

from cenv_agent.contract.messages import (
    AgentHeartbeat,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
    Load,
    StartEnvironment,
    StopEnvironment,
)
from common.bus.consumer import Unprocessable
from environments.adapters.commands import DecommissionEnvironment
from environments.contract import events as published
from environments.domain import decisions
from environments.domain import events as e
from environments.service_layer import lifecycle, provisioning, reports
from tests.unit.environments.service import BOOT, InMemoryService

LOAD = Load(cpu_percent=3, memory_rss_bytes=1 << 20)


def beat(environment_id: uuid.UUID, media_state: str = "running") -> AgentHeartbeat:
    return AgentHeartbeat(environment_id=environment_id, boot_id=BOOT, media_state=media_state, load=LOAD)  # type: ignore[arg-type]


async def test_a_provisioned_agent_makes_the_environment_running() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    env = await service.env(environment_id)
    assert (env.state, env.agent_version, env.agent_boot) == ("running", "1.0.0", BOOT)
    assert isinstance((await service.sent(environment_id))[-1], published.EnvironmentBecameRunning)
    assert service.liveness.said[environment_id]["version"] == "1.0.0"


async def test_a_stop_acknowledged_then_completed_leaves_it_stopped() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await lifecycle.act(service.run, environment_id, "stop")
    command = (await service.sent(environment_id))[-1]
    assert isinstance(command, StopEnvironment)
    ids = {"environment_id": environment_id, "command_id": command.command_id, "command_type": command.TYPE}
    await service.report(reports.acknowledged, CommandAcknowledged(**ids))
    assert (await service.env(environment_id)).pending.acknowledged  # type: ignore[union-attr]
    done = CommandCompleted(**ids, boot_id=BOOT, sequence=3, media_state="stopped", version="1.0.0")
    await service.report(reports.completed, done)
    assert (await service.env(environment_id)).state == "stopped"
    assert service.liveness.said[environment_id]["media_state"] == "stopped"


async def test_a_failed_restart_falls_back_to_running_with_the_reason() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await lifecycle.act(service.run, environment_id, "restart")
    command_id = (await service.env(environment_id)).pending.command_id  # type: ignore[union-attr]
    failed = CommandFailed(environment_id=environment_id, command_id=command_id, command_type="x", reason="no disk")
    await service.report(reports.failed, failed)
    assert (await service.env(environment_id)).state == "running"
    assert (await service.events(environment_id))[-1] == e.CommandFailed(
        previous_state="restarting", state="running", command_id=command_id, reason="no disk"
    )


async def test_a_heartbeat_records_liveness_and_recovers_an_unreachable_environment_once() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    events = len(await service.events(environment_id))
    await service.report(reports.heartbeat, beat(environment_id))
    assert len(await service.events(environment_id)) == events, "a healthy environment's heartbeat is not an event"
    assert service.liveness.said[environment_id]["load"] == LOAD
    await service.decide(environment_id, lambda env: decisions.unreachable(env, None))
    await service.report(reports.heartbeat, beat(environment_id))
    await service.report(reports.heartbeat, beat(environment_id))
    assert [type(x) for x in (await service.events(environment_id))[events:]] == [e.BecameUnreachable, e.Recovered]


async def test_an_agent_back_in_the_wrong_state_is_told_to_get_in_the_right_one() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    back = AgentStateReported(environment_id=environment_id, boot_id=uuid.uuid4(), sequence=1,
                              media_state="stopped", version="1.0.0")  # fmt: skip
    await service.report(reports.state_reported, back)
    assert isinstance((await service.sent(environment_id))[-1], StartEnvironment)
    assert (await service.env(environment_id)).state == "running"


async def test_reports_about_environments_deleted_or_unknown_are_unprocessable() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    gone = DecommissionEnvironment(environment_id=environment_id)
    await provisioning.decommission(service.run, service.run, service.machines, gone)
    for about in (environment_id, uuid.uuid4()):
        with pytest.raises(Unprocessable):
            await service.report(reports.heartbeat, beat(about))


async def test_a_heartbeat_showing_the_media_stopped_ends_a_stop_whose_command_expired() -> None:
    service = InMemoryService()
    environment_id = await service.running()
    await lifecycle.act(service.run, environment_id, "stop")
    command_id = (await service.env(environment_id)).pending.command_id  # type: ignore[union-attr]
    await service.decide(environment_id, lambda env: [e.CommandExpired(command_id=command_id, reason="slow agent")])
    await service.report(reports.heartbeat, AgentHeartbeat(environment_id=environment_id, boot_id=BOOT,
                                                           media_state="stopped", load=LOAD, sequence=9))  # fmt: skip
    assert (await service.env(environment_id)).state == "stopped"
