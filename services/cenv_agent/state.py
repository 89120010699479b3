"""What the agent remembers across restarts, as a machine would on its disk."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from cenv_agent import AGENT_VERSION
from cenv_agent.contract.messages import Side
from cenv_agent.endpoints import HeldEndpoint

MediaState = Literal["running", "stopped"]
REMEMBERED_COMMANDS = 200


class AgentState(BaseModel):
    provisioned: bool = False
    media_state: MediaState = "running"
    version: str = AGENT_VERSION
    last_command_id: uuid.UUID | None = None
    done: list[uuid.UUID] = Field(default_factory=list)
    inputs: dict[str, HeldEndpoint] = Field(default_factory=dict)
    outputs: dict[str, HeldEndpoint] = Field(default_factory=dict)
    counting_since: dict[str, float] = Field(default_factory=dict)  # "<side>:<id>": when its counters started
    stopped_inputs: dict[str, int] = Field(default_factory=dict)  # stopped by the bitrate guard, at that version
    hot_inputs: dict[str, int] = Field(default_factory=dict)  # warned of running hot, at that version

    def held(self, side: Side) -> dict[str, HeldEndpoint]:
        return self.inputs if side == "input" else self.outputs

    def hold(self, side: Side, held: dict[str, HeldEndpoint]) -> None:
        if side == "input":
            self.inputs = held
        else:
            self.outputs = held

    def has_done(self, command_id: uuid.UUID) -> bool:
        return command_id in self.done

    def record(self, command_id: uuid.UUID) -> None:
        self.done = [*self.done, command_id][-REMEMBERED_COMMANDS:]
        self.last_command_id = command_id


def load(directory: Path) -> AgentState:
    path = directory / "state.json"
    return AgentState.model_validate_json(path.read_text()) if path.exists() else AgentState()


def save(directory: Path, state: AgentState) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / "state.json.tmp"
    temporary.write_text(json.dumps(state.model_dump(mode="json")))
    os.replace(temporary, directory / "state.json")
