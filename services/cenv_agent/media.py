"""The media gateway the agent drives; here a simulation with the timings of a small one."""

from __future__ import annotations

import asyncio

from cenv_agent.state import AgentState

STEP_SECONDS = 0.05


async def perform(state: AgentState, kind: str, target_version: str | None = None) -> None:
    """Carry out one lifecycle command on the media gateway, changing ``state`` in place."""
    await asyncio.sleep(STEP_SECONDS)
    if kind == "start":
        state.media_state = "running"
    elif kind in ("stop", "shutdown"):
        state.media_state = "stopped"
    elif kind in ("restart", "update"):
        state.media_state = "stopped"
        await asyncio.sleep(STEP_SECONDS)
        state.media_state = "running"
    elif kind == "upgrade":
        state.version = target_version or state.version
        state.media_state = "running"
