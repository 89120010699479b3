"""What an input's or output's media is doing, as far as streams knows from its agent."""

from __future__ import annotations

from typing import Literal

MediaState = Literal["configuring", "running", "stopped"]


def media_state(
    configured: bool, enabled: bool, agent_running: bool | None, stopped_by_agent: bool = False
) -> MediaState:
    """``configuring`` until the agent holds the current configuration (a start or stop included); then what the
    agent said of the endpoint's media (an agent that did not say: as started or stopped); an input the agent
    stopped for its bitrate is stopped until it is started again."""
    if not configured:
        return "configuring"
    runs = enabled if agent_running is None else agent_running
    return "running" if runs and not stopped_by_agent else "stopped"
