"""``python -m cenv_agent`` runs one agent from SWITCHYARD_AGENT_* variables;
``python -m cenv_agent --environments-file agents.json`` runs several (each with its own connection);
``python -m cenv_agent host`` runs an agent host for the remote provisioning driver, and
``python -m cenv_agent host --socket PATH --state-dir DIR`` one for the local driver."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

import uvloop

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
    parser.add_argument("--socket", type=Path, help="host: serve on this unix socket, without request signatures")
    parser.add_argument("--state-dir", type=Path, help="host: where its agents keep their state")
    args = parser.parse_args(argv)
    if args.mode == "host":
        serve_host(args.socket, args.state_dir)
        return
    if args.environments_file:
        settings = [AgentSettings(**item) for item in json.loads(args.environments_file.read_text())]
    else:
        settings = [AgentSettings()]
    configure_logging("cenv-agent", settings[0].log_level)
    uvloop.install()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_agents(settings))


def serve_host(socket: Path | None, state_dir: Path | None) -> None:
    # imported only here: an agent that never serves HTTP starts faster without aiohttp.web
    from cenv_agent.host import create_host_app
    from common.http.app import serve

    if socket is not None:
        configure_logging("cenv-agent-host", os.environ.get("SWITCHYARD_LOG_LEVEL", "INFO"))
        app = create_host_app(state_dir or socket.parent, internal_key=None)
        serve(app, path=str(socket))
        return
    host = HostSettings()
    configure_logging("cenv-agent-host", host.log_level)
    app = create_host_app(state_dir or Path(host.state_dir), host.internal_key.get_secret_value().encode())
    serve(app, host=host.host, port=host.port)


if __name__ == "__main__":
    main(sys.argv[1:])
