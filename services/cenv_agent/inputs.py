"""The input configurations an agent holds, applied by version: whatever order and however often the commands
arrive, the agent ends holding the latest version of each input.

A removal is kept as a tombstone with its version, so a configuration overtaken by its input's removal cannot
bring the input back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from cenv_agent.contract.messages import ConfigureInput, InputConfigured, InputRemoved, RemoveInput


class HeldInput(BaseModel):
    version: int
    kind: str | None = None
    settings: dict[str, Any] | None = None

    @property
    def removed(self) -> bool:
        return self.kind is None


Held = Mapping[str, HeldInput]


def apply(held: Held, command: ConfigureInput | RemoveInput) -> dict[str, HeldInput]:
    """``held`` with the command applied, if it is newer than what is held for its input; else ``held`` as it was."""
    current = held.get(command.input_id)
    if current is not None and current.version >= command.version:
        return dict(held)
    match command:
        case ConfigureInput():
            update = HeldInput(version=command.version, kind=command.kind, settings=dict(command.settings))
        case RemoveInput():
            update = HeldInput(version=command.version)
    return {**held, command.input_id: update}


def answer(held: Held, command: ConfigureInput | RemoveInput) -> InputConfigured | InputRemoved:
    """What the agent holds of the command's input, once the command was applied (or found old)."""
    current = held[command.input_id]
    kind = InputRemoved if current.removed else InputConfigured
    return kind(environment_id=command.environment_id, input_id=command.input_id, version=current.version)


def configured(held: Held) -> dict[str, int]:
    """Each input configuration held (removed ones left out), by version: what the agent reports on (re)connect."""
    return {input_id: h.version for input_id, h in held.items() if not h.removed}
