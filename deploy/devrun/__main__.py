"""``make run``: the whole platform in the foreground, with a bootstrap superuser; a service that exits is started
again (``devrun.keeper``); Ctrl-C stops everything."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
from yarl import URL

from devrun.claim import claimed, ensure_ports_free
from devrun.keeper import Keeper
from devrun.supervisor import Supervisor
from switchyard.services import SERVICES

RUN_DIR = Path(".run")


def _internal_key() -> str:
    """Generated once per checkout and kept out of the repository (.run/ is ignored)."""
    path = RUN_DIR / "internal.key"
    if not path.exists():
        RUN_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


async def _ensure_database(database_url: str) -> None:
    url = URL(database_url)
    admin = str(url.with_path("/postgres"))
    conn = await asyncpg.connect(admin)
    try:
        if not await conn.fetchval("SELECT true FROM pg_database WHERE datname = $1", url.path.lstrip("/")):
            await conn.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')
    finally:
        await conn.close()


def _run_until_interrupted(supervisor: Supervisor) -> None:
    stop = asyncio.Event()

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        supervisor.start()
        await supervisor.wait_ready(120)
        print(f"\nSwitchyard is up. Gateway: {supervisor.url('gateway')}", flush=True)  # noqa: T201
        print(f"API docs: {supervisor.url('gateway')}/api/docs   Logs: {supervisor.log_dir}/", flush=True)  # noqa: T201
        print("A service that exits is started again. Press Ctrl-C to stop everything.", flush=True)  # noqa: T201
        await Keeper(supervisor).keep(stop)

    try:
        asyncio.run(serve())
    finally:
        print("\nStopping all services and agents...", flush=True)  # noqa: T201
        supervisor.stop()


def _media_driver() -> str:
    """The agents' media driver: as exported, else real media when ffmpeg is installed."""
    return os.environ.get("SWITCHYARD_AGENT_MEDIA_DRIVER") or ("ffmpeg" if shutil.which("ffmpeg") else "simulated")


def main() -> None:
    database_url = os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/switchyard")
    environment = {
        "DATABASE_URL": database_url,
        "AMQP_URL": os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"),
        "SWITCHYARD_INTERNAL_KEY": os.environ.get("SWITCHYARD_INTERNAL_KEY") or _internal_key(),
        "SWITCHYARD_AGENT_STATE_DIR": str((RUN_DIR / "agents").resolve()),
        "SWITCHYARD_GATEWAY_METRICS_PORT": os.environ.get("SWITCHYARD_GATEWAY_METRICS_PORT", "9080"),
        "SWITCHYARD_AGENT_MEDIA_DRIVER": _media_driver(),
    }
    print(f"Agents' media driver: {environment['SWITCHYARD_AGENT_MEDIA_DRIVER']}", flush=True)  # noqa: T201
    supervisor = Supervisor(environment, log_dir=(RUN_DIR / "logs").resolve())
    supervisor.ports = {s.name: int(os.environ.get(s.port_variable, s.default_port)) for s in SERVICES}
    with claimed(RUN_DIR, supervisor.url("gateway")):
        ensure_ports_free(
            supervisor.host,
            {**supervisor.ports, "gateway metrics": int(environment["SWITCHYARD_GATEWAY_METRICS_PORT"])},
        )
        asyncio.run(_ensure_database(database_url))
        subprocess.run(
            [sys.executable, "-m", "gateway", "bootstrap-admin"],
            env=supervisor.service_environment("gateway"),
            check=True,
        )
        _run_until_interrupted(supervisor)


if __name__ == "__main__":
    main()
