"""The input and output configurations an agent holds, applied by version: whatever order and however often the
commands arrive, the agent ends holding the latest version of each endpoint. Inputs and outputs are held alike,
each kind by its own ids (an input and an output may share an id).

A removal is kept as a tombstone with its version, so a configuration overtaken by its endpoint's removal cannot
bring it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from cenv_agent.contract.messages import (
    ANSWERS,
    ConfigureInput,
    ConfigureOutput,
    EndpointAnswer,
    EndpointCommand,
    side_of,
)


class HeldEndpoint(BaseModel):
    version: int
    kind: str | None = None
    settings: dict[str, Any] | None = None
    credentials: list[str] = []

    @property
    def removed(self) -> bool:
        return self.kind is None


Held = Mapping[str, HeldEndpoint]


def apply(held: Held, command: EndpointCommand) -> dict[str, HeldEndpoint]:
    """``held`` (of the command's side) with the command applied, if it is newer than what is held for its
    endpoint; else ``held`` as it was."""
    _, endpoint_id = side_of(command)
    current = held.get(endpoint_id)
    if current is not None and current.version >= command.version:
        return dict(held)
    if isinstance(command, ConfigureOutput):
        update = HeldEndpoint(version=command.version, kind=command.kind, settings=dict(command.settings),
                              credentials=list(command.credentials))  # fmt: skip
    elif isinstance(command, ConfigureInput):
        update = HeldEndpoint(version=command.version, kind=command.kind, settings=dict(command.settings))
    else:
        update = HeldEndpoint(version=command.version)
    return {**held, endpoint_id: update}


def answer(held: Held, command: EndpointCommand) -> EndpointAnswer:
    """What the agent holds of the command's endpoint, once the command was applied (or found old)."""
    side, endpoint_id = side_of(command)
    current = held[endpoint_id]
    kind = ANSWERS[side, current.removed]
    return kind.model_validate({"environment_id": command.environment_id, f"{side}_id": endpoint_id,
                                "version": current.version})  # fmt: skip


def needing_credentials(held: Held) -> dict[str, int]:
    """Each held configuration that names credentials to fetch, by version."""
    return {endpoint_id: h.version for endpoint_id, h in held.items() if h.credentials and not h.removed}


def configured(held: Held) -> dict[str, int]:
    """Each configuration held (removed ones left out), by version: what the agent reports on (re)connect."""
    return {endpoint_id: h.version for endpoint_id, h in held.items() if not h.removed}
