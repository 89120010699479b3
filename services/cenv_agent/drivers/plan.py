"""What should run on the machine now, as the agent's state says: every input held, started, on running media and
not stopped by the bitrate guard; every output its schedule feeds now from such an input, once its credentials are
here. Zixi endpoints are proprietary: they are never realised, their statistics stay simulated."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cenv_agent import endpoints
from cenv_agent.contract.messages import Side
from cenv_agent.contract.schedules import Feeding
from cenv_agent.state import AgentState

SIMULATED_KINDS = frozenset({"zixi_pull", "zixi_push"})
NOT_MEDIA = frozenset({"user_description", "max_allowed_bitrate_kbps"})  # changing these restarts no process
Secrets = Callable[[str, int], Mapping[str, str] | None]  # (output id, version) → its credentials, None: not here


@dataclass(frozen=True)
class Endpoint:
    endpoint_id: str
    kind: str
    version: int = field(compare=False)  # a new version that changes nothing the media uses restarts nothing
    settings: Mapping[str, Any]
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Feed:
    input_id: str
    output: Endpoint


@dataclass(frozen=True)
class Plan:
    inputs: Mapping[str, Endpoint] = field(default_factory=dict)
    outputs: Mapping[str, Feed] = field(default_factory=dict)
    simulated: frozenset[tuple[Side, str]] = frozenset()  # the Zixi endpoints held: their statistics are simulated


def _endpoint(endpoint_id: str, held: endpoints.HeldEndpoint, secrets: Mapping[str, str] | None = None) -> Endpoint:
    assert held.kind is not None
    settings = {name: value for name, value in (held.settings or {}).items() if name not in NOT_MEDIA}
    return Endpoint(endpoint_id, held.kind, held.version, settings, dict(secrets or {}))


def plan(state: AgentState, live: Mapping[str, Feeding], secrets: Secrets) -> Plan:
    inputs = {
        input_id: _endpoint(input_id, held)
        for input_id, held in state.inputs.items()
        if endpoints.runs(held, state.media_state)
        and held.kind not in SIMULATED_KINDS
        and input_id not in state.stopped_inputs
    }
    outputs: dict[str, Feed] = {}
    for output_id, feeding in live.items():
        held = state.outputs.get(output_id)
        if feeding.input_id not in inputs or not endpoints.runs(held, state.media_state):
            continue
        assert held is not None
        kept = secrets(output_id, held.version) if held.credentials else {}
        if held.kind not in SIMULATED_KINDS and kept is not None:
            outputs[output_id] = Feed(feeding.input_id, _endpoint(output_id, held, kept))
    sides: tuple[Side, ...] = ("input", "output")
    simulated = frozenset(
        (side, endpoint_id)
        for side in sides
        for endpoint_id, held in state.held(side).items()
        if held.kind in SIMULATED_KINDS
    )
    return Plan(inputs, outputs, simulated)
