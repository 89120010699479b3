"""The statistics the agent keeps of the inputs and outputs it holds, and its bitrate guard: decisions on its state,
with the numbers of its media driver (the simulation's by default). Counters start when the agent first holds an
endpoint, and again at a reset; both moments are on the agent's disk, so a restart keeps them."""

from __future__ import annotations

import uuid

from cenv_agent import endpoints, media
from cenv_agent.contract.messages import (
    EndpointStatistics,
    InputRunningHot,
    InputStoppedOverBitrate,
    Side,
)
from cenv_agent.drivers import MediaDriver
from cenv_agent.drivers.simulated import SIMULATED
from cenv_agent.state import AgentState
from common.contracts import AgentEvent

SIDES: tuple[Side, ...] = ("input", "output")
Samples = dict[Side, dict[str, EndpointStatistics]]


def _key(side: Side, endpoint_id: str) -> str:
    return f"{side}:{endpoint_id}"


def live(state: AgentState, side: Side) -> dict[str, int]:
    """The endpoints of ``side`` the agent holds (removed ones left out), with their versions."""
    return {endpoint_id: held.version for endpoint_id, held in state.held(side).items() if not held.removed}


def count(state: AgentState, now: float) -> None:
    """Counters start for endpoints newly held and are forgotten for those let go; a new configuration of a
    stopped or hot input ends its episode (it runs again)."""
    keys = {_key(side, endpoint_id) for side in SIDES for endpoint_id in live(state, side)}
    state.counting_since = {k: state.counting_since.get(k, now) for k in sorted(keys)}
    versions = live(state, "input")
    state.stopped_inputs = {i: v for i, v in state.stopped_inputs.items() if versions.get(i) == v}
    state.hot_inputs = {i: v for i, v in state.hot_inputs.items() if versions.get(i) == v}


def counting_since(state: AgentState, side: Side, endpoint_id: str, now: float) -> float:
    """When the endpoint's counters started: now, if they had not yet (a session may begin before the next interval
    counts a newly held endpoint; ``count`` keeps the moment for a held one)."""
    return state.counting_since.setdefault(_key(side, endpoint_id), now)


def remembered(state: AgentState) -> tuple[dict[str, float], dict[str, int], dict[str, int]]:
    """What of the statistics the agent keeps on its disk."""
    return dict(state.counting_since), dict(state.stopped_inputs), dict(state.hot_inputs)


def reset(state: AgentState, side: Side, endpoint_id: str, now: float) -> None:
    if endpoint_id in live(state, side):
        state.counting_since[_key(side, endpoint_id)] = now


def one(
    state: AgentState, side: Side, endpoint_id: str, now: float, driver: MediaDriver = SIMULATED
) -> EndpointStatistics:
    started = endpoints.runs(state.held(side).get(endpoint_id), state.media_state)
    running = started and not (side == "input" and endpoint_id in state.stopped_inputs)
    since = state.counting_since.get(_key(side, endpoint_id), now)
    return driver.sample(side, endpoint_id, now, since, running)


def samples(state: AgentState, now: float, driver: MediaDriver = SIMULATED) -> Samples:
    return {side: {i: one(state, side, i, now, driver) for i in sorted(live(state, side))} for side in SIDES}


def _report(kind: type[AgentEvent], environment_id: uuid.UUID, input_id: str, bitrate: int, limit: int) -> AgentEvent:
    return kind.model_validate({"environment_id": environment_id, "input_id": input_id, "bitrate_kbps": bitrate,
                                "max_allowed_bitrate_kbps": limit})  # fmt: skip


def _limit(state: AgentState, input_id: str) -> int | None:
    limit = (state.inputs[input_id].settings or {}).get("max_allowed_bitrate_kbps")
    return limit if isinstance(limit, int) and limit >= 1 else None


def marks(
    state: AgentState, environment_id: uuid.UUID, now: float, driver: MediaDriver = SIMULATED
) -> list[AgentEvent]:
    """The guard's marks said again (on every (re)connect: one may have been lost with the connection or the
    process); the platform records each once."""
    said: list[AgentEvent] = []
    for input_id in live(state, "input"):
        limit, bitrate = _limit(state, input_id), driver.bitrate_kbps("input", input_id, now)
        if limit is not None and input_id in state.stopped_inputs:
            said.append(_report(InputStoppedOverBitrate, environment_id, input_id, bitrate, limit))
        elif limit is not None and input_id in state.hot_inputs:
            said.append(_report(InputRunningHot, environment_id, input_id, bitrate, limit))
    return said


def guarded(
    state: AgentState, environment_id: uuid.UUID, now: float, driver: MediaDriver = SIMULATED
) -> list[AgentEvent]:
    """What the bitrate guard did to the inputs at ``now`` (their state changed in place), to be reported."""
    reported: list[AgentEvent] = []
    if state.media_state != "running":
        return reported
    for input_id, version in live(state, "input").items():
        limit = _limit(state, input_id)
        if limit is None:
            continue
        bitrate = driver.bitrate_kbps("input", input_id, now)
        match media.guard(bitrate, limit, input_id in state.stopped_inputs, input_id in state.hot_inputs):
            case "stop":
                state.stopped_inputs[input_id] = version
                state.hot_inputs.pop(input_id, None)
                reported.append(_report(InputStoppedOverBitrate, environment_id, input_id, bitrate, limit))
            case "warn":
                state.hot_inputs[input_id] = version
                reported.append(_report(InputRunningHot, environment_id, input_id, bitrate, limit))
            case "cool":
                state.hot_inputs.pop(input_id)
    return reported
