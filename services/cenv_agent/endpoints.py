"""The input and output configurations an agent holds, applied by version: whatever order and however often the
commands arrive, the agent ends holding the latest version of each endpoint. Inputs and outputs are held alike,
each kind by its own ids (an input and an output may share an id).

A removal is kept as a tombstone with its version, so a configuration overtaken by its endpoint's removal cannot
bring it back. Whether an endpoint was started or stopped is part of its configuration (decision 50): its media
runs only while it is held running and the environment's media runs.
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
    MediaState,
    side_of,
)


class HeldEndpoint(BaseModel):
    version: int
    kind: str | None = None
    settings: dict[str, Any] | None = None
    running: bool = True  # started (held before start and stop existed: running)
    credentials: list[str] = []

    @property
    def removed(self) -> bool:
        return self.kind is None


def runs(endpoint: HeldEndpoint | None, media_state: MediaState) -> bool:
    """Whether the endpoint's media runs: held, started, and on an environment whose media runs."""
    return endpoint is not None and not endpoint.removed and endpoint.running and media_state == "running"


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
                              running=command.running, credentials=list(command.credentials))  # fmt: skip
    elif isinstance(command, ConfigureInput):
        update = HeldEndpoint(version=command.version, kind=command.kind, settings=dict(command.settings),
                              running=command.running)  # fmt: skip
    else:
        update = HeldEndpoint(version=command.version)
    return {**held, endpoint_id: update}


def answer(
    held: Held, command: EndpointCommand, media_state: MediaState, guarded: Mapping[str, int] | None = None
) -> EndpointAnswer:
    """What the agent holds of the command's endpoint, once the command was applied (or found old), and whether
    its media runs: not while its bitrate guard holds it stopped at that version (``guarded``)."""
    side, endpoint_id = side_of(command)
    current = held[endpoint_id]
    kind = ANSWERS[side, current.removed]
    stopped = (guarded or {}).get(endpoint_id) == current.version
    ran = {} if current.removed else {"running": runs(current, media_state) and not stopped}
    return kind.model_validate({"environment_id": command.environment_id, f"{side}_id": endpoint_id,
                                "version": current.version, **ran})  # fmt: skip


def needing_credentials(held: Held) -> dict[str, int]:
    """Each held configuration that names credentials to fetch, by version."""
    return {endpoint_id: h.version for endpoint_id, h in held.items() if h.credentials and not h.removed}


def configured(held: Held) -> dict[str, int]:
    """Each configuration held (removed ones left out), by version: what the agent reports on (re)connect."""
    return {endpoint_id: h.version for endpoint_id, h in held.items() if not h.removed}
