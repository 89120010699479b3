"""The environment aggregate's lifecycle: states, which requests each state allows, and what they lead to."""

from __future__ import annotations

from typing import Literal

State = Literal[
    "requested", "provisioning", "running", "stopping", "stopped", "starting", "restarting",
    "updating", "upgrading", "deleting", "deleted", "failed",
]  # fmt: skip
Health = Literal["ok", "unreachable", "degraded"]
Action = Literal["start", "stop", "restart", "update", "upgrade", "delete"]
AgentCommandKind = Literal["start", "stop", "restart", "update", "upgrade", "shutdown"]

DELETABLE: tuple[State, ...] = (
    "requested", "provisioning", "running", "stopping", "stopped", "starting", "restarting", "updating",
    "upgrading", "failed",
)  # fmt: skip
# the state an action moves to, from each state that allows it
ACTIONS: dict[Action, dict[State, State]] = {
    "start": {"stopped": "starting", "failed": "requested"},
    "stop": {"running": "stopping"},
    "restart": {"running": "restarting"},
    "update": {"running": "updating"},
    "upgrade": {"running": "upgrading"},
    "delete": dict.fromkeys(DELETABLE, "deleting"),
}
COMMAND_FOR: dict[Action, AgentCommandKind] = {
    "start": "start",
    "stop": "stop",
    "restart": "restart",
    "update": "update",
    "upgrade": "upgrade",
    "delete": "shutdown",
}
# where a completed agent command leaves the environment
COMPLETES_TO: dict[State, State] = {
    "starting": "running",
    "stopping": "stopped",
    "restarting": "running",
    "updating": "running",
    "upgrading": "running",
}
# where a failed agent command falls back to
FALLS_BACK_TO: dict[State, State] = {
    "starting": "stopped",
    "stopping": "running",
    "restarting": "running",
    "updating": "running",
    "upgrading": "running",
}
# states that last until someone else acts (the driver, the agent); each has a deadline (domain.deadlines)
WAITING: frozenset[State] = frozenset({"requested", "provisioning", *COMPLETES_TO, "deleting"})
# states in which an agent process should be alive and heartbeating
AGENT_ALIVE: frozenset[State] = frozenset(
    {"running", "stopping", "stopped", "starting", "restarting", "updating", "upgrading", "deleting"}
)
# states in which a missing agent is launched again (a deletion does without it)
RELAUNCHED: frozenset[State] = AGENT_ALIVE - {"deleting"}
MEDIA_WANTED: dict[State, Literal["running", "stopped"]] = {
    "running": "running",
    "starting": "running",
    "restarting": "running",
    "updating": "running",
    "upgrading": "running",
    "stopped": "stopped",
    "stopping": "stopped",
}
