"""A command whose handling fails (its answer could not be published, say) is given back to the queue after a pause,
never left unacknowledged: the agent takes one delivery at a time, so that would stop every later command until
its connection dropped. Handled again, it changes nothing more and is answered."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from cenv_agent import agent as agent_module
from cenv_agent.agent import Agent
from cenv_agent.config import AgentSettings
from cenv_agent.contract.messages import ConfigureOutput, OutputConfigured
from common.contracts import Message, envelope_for

ENV = uuid.UUID(int=21)


class Delivered:
    def __init__(self, command: Message) -> None:
        self.body = envelope_for(command, producer="streams", correlation_id="c").to_bytes()
        self.outcomes: list[str] = []

    async def ack(self) -> None:
        self.outcomes.append("ack")

    async def nack(self, requeue: bool = True) -> None:
        self.outcomes.append(f"nack requeue={requeue}")

    async def reject(self, requeue: bool = False) -> None:
        self.outcomes.append(f"reject requeue={requeue}")


@pytest.fixture
def agent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Agent:
    monkeypatch.setattr(agent_module, "COMMAND_AGAIN_SECONDS", 0)
    settings = AgentSettings(environment_id=ENV, amqp_url="amqp://nobody@127.0.0.1:1/", command_queue="none",
                             state_dir=str(tmp_path))  # fmt: skip
    return Agent(settings)


def configure(version: int) -> ConfigureOutput:
    return ConfigureOutput(environment_id=ENV, command_id=uuid.uuid4(), output_id="air", version=version,
                           kind="srt_listener", settings={})  # fmt: skip


async def test_a_command_whose_answer_failed_goes_back_and_is_answered_when_it_comes_again(agent: Agent) -> None:
    published: list[Any] = []
    failures = [ConnectionError("the broker went away")]

    async def publish(message: Message, cause: Any = None) -> None:
        if failures:
            raise failures.pop()
        published.append(message)

    agent.publish = publish  # type: ignore[method-assign]
    first = Delivered(configure(1))
    await agent.on_command(first)  # type: ignore[arg-type]
    assert first.outcomes == ["nack requeue=True"] and published == []
    assert agent.state.outputs["air"].version == 1  # held before it was answered

    again, later = Delivered(configure(1)), Delivered(configure(2))
    await agent.on_command(again)  # type: ignore[arg-type]
    await agent.on_command(later)  # type: ignore[arg-type]
    assert again.outcomes == later.outcomes == ["ack"]
    assert [(type(m), m.version) for m in published] == [(OutputConfigured, 1), (OutputConfigured, 2)]
