"""The same agents packed into one process (``--environments-file``): memory per environment for scale tests."""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import aio_pika
import psutil

from common.bus.topology import CENV_EVENTS, declare_exchanges
from environments.adapters.broker import AgentBroker
from tests.support.bus import drain, tap


async def rss_per_environment_in_one_process(amqp_url: str, management_url: str, count: int) -> float:
    broker = AgentBroker(management_url, amqp_url, None, max_deliveries=5, queue_key=secrets.token_bytes(32))
    ids = [uuid.uuid4() for _ in range(count)]
    workdir = Path(tempfile.mkdtemp(prefix="switchyard-bench-shared-"))
    connection = await aio_pika.connect_robust(amqp_url)
    try:
        async with connection.channel() as channel:
            await declare_exchanges(channel)
        accounts = {i: await broker.grant(connection, i) for i in ids}
        agents = [{"environment_id": str(i), "amqp_url": a.amqp_url.get_secret_value(),
                   "command_queue": a.command_queue, "state_dir": str(workdir / str(i)), "heartbeat_seconds": 60}
                  for i, a in accounts.items()]  # fmt: skip
        (workdir / "agents.json").write_text(json.dumps(agents))
        provisioned = await tap(await connection.channel(), CENV_EVENTS, "*.cenv.Provisioned")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cenv_agent", "--environments-file", str(workdir / "agents.json"),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await drain(provisioned, count, timeout=120)
            return float(psutil.Process(process.pid).memory_info().rss) / 2**20 / count
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)
    finally:
        for environment_id in ids:
            await broker.revoke(connection, environment_id)
        await connection.close()
        shutil.rmtree(workdir, ignore_errors=True)
