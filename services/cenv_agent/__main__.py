"""``python -m cenv_agent`` runs one agent from SWITCHYARD_AGENT_* variables;
``python -m cenv_agent --environments-file agents.json`` runs several (each with its own connection);
``python -m cenv_agent host`` runs an agent host for the remote provisioning driver."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path

from cenv_agent.agent import Agent
from cenv_agent.config import AgentSettings, HostSettings
from common.logging import configure_logging


async def run_agents(settings: list[AgentSettings]) -> None:
    agents = [Agent(s) for s in settings]
    loop = asyncio.get_running_loop()

    def stop_all() -> None:
        for agent in agents:
            agent.finished.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop_all)
    await asyncio.gather(*(a.run() for a in agents))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m cenv_agent")
    parser.add_argument("mode", nargs="?", choices=["agent", "host"], default="agent")
    parser.add_argument("--environments-file", type=Path, help="JSON list of agent settings to run in one process")
    args = parser.parse_args(argv)
    if args.mode == "host":
        # imported only here: an agent that never serves HTTP starts faster without aiohttp.web
        from aiohttp import web

        from cenv_agent.host import create_host_app

        host = HostSettings()
        configure_logging("cenv-agent-host", host.log_level)
        web.run_app(create_host_app(host), host=host.host, port=host.port, print=None, access_log=None)
        return
    if args.environments_file:
        settings = [AgentSettings(**item) for item in json.loads(args.environments_file.read_text())]
    else:
        settings = [AgentSettings()]
    configure_logging("cenv-agent", settings[0].log_level)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_agents(settings))


if __name__ == "__main__":
    main(sys.argv[1:])
