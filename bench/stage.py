"""The whole platform as processes on a database and vhost of its own, with an organisation and an admin logged in."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.table import say
from common.bus.management import management_url_for
from tests.support import infra
from tests.support.api import Api
from tests.support.platform import Platform, start_platform

# heartbeats every 60 s keep them out of the message count of the creation window
# The platform's own defaults (as `make run` has them), not the tests' fast ones, except that heartbeats come
# every 60 s (and silence is tolerated for 4 of them, as by default) to keep them out of the message count.
TIMINGS = {
    "SWITCHYARD_RELAY_POLL_SECONDS": "1",
    "SWITCHYARD_SWEEP_SECONDS": "2",
    "SWITCHYARD_HEARTBEAT_SECONDS": "60",
    "SWITCHYARD_UNREACHABLE_AFTER_SECONDS": "240",
    "SWITCHYARD_COMMAND_ACK_TIMEOUT_SECONDS": "15",
    "SWITCHYARD_PROVISION_TIMEOUT_SECONDS": "90",
}
POLL_SECONDS = 1.0  # per-environment times come from the event history, so polling only has to notice the end


@dataclass
class Stage:
    platform: Platform
    servers: infra.Servers
    vhost: str
    amqp_url: str
    admin: Api  # the bootstrap superuser, logged in again after creating an organisation
    keep_logs: bool = False  # set when a figure failed: the services' logs stay for a look
    _first: tuple[str, float, int] | None = None

    async def first_environment(self) -> tuple[str, float, int]:
        """One environment created alone (the baseline of figure 8): id, seconds until seen running, retries."""
        if self._first is None:
            self._first = await create_and_wait(self.admin, "baseline")
        return self._first


async def until_running(api: Api, environment_id: str, started: float, limit: float = 300) -> float:
    return await until_state(api, environment_id, "running", started, limit)


async def until_state(api: Api, environment_id: str, state: str, started: float, limit: float = 300) -> float:
    while time.monotonic() - started < limit:
        body = (await api.get(f"/api/customer_environment/{environment_id}")).ok()
        if body["state"] == state:
            return time.monotonic() - started
        if body["state"] == "failed":
            raise RuntimeError(f"{environment_id} failed: {body['state_reason']}")
        await asyncio.sleep(POLL_SECONDS)
    raise TimeoutError(f"{environment_id} not {state} after {limit} s")


async def delete_all(api: Api, environment_ids: list[str]) -> None:
    """Delete what a figure created once it is measured: the figures after it run on a platform that holds only
    what they need, not every earlier figure's agents (each holds a broker connection and queue, ADR 0089)."""
    started = time.monotonic()
    for environment_id in environment_ids:
        (await api.delete(f"/api/customer_environment/{environment_id}")).ok(202)
    await asyncio.gather(*(until_state(api, e, "deleted", started) for e in environment_ids))


async def create_and_wait(api: Api, name: str, attempts: int = 10) -> tuple[str, float, int]:
    """Create as a careful client would: with an Idempotency-Key, retrying a 503 (or 409, still in progress)
    after its Retry-After. Returns the id, seconds from the first attempt until seen running, and the retries."""
    started, key, retries = time.monotonic(), secrets.token_hex(16), 0
    path, body, headers = "/api/customer_environment", {"name": name}, {"Idempotency-Key": key}
    while (reply := await api.post(path, body, headers=headers)).status in (409, 503) and retries < attempts:
        retries += 1
        await asyncio.sleep(float(reply.headers.get("Retry-After", "1")))
    environment_id = reply.ok(201)["id"]
    return environment_id, await until_running(api, environment_id, started), retries


@asynccontextmanager
async def staged(servers: infra.Servers, name: str) -> AsyncIterator[Stage]:
    workdir = Path(tempfile.mkdtemp(prefix="switchyard-bench-"))
    database_url = await infra.create_database(servers.database_url, name)
    platform: Platform | None = None
    stage: Stage | None = None
    try:
        amqp_url = await infra.create_vhost(servers.management_url, servers.amqp_url, name)
        management = servers.management_url or management_url_for(amqp_url)
        platform = start_platform(database_url, amqp_url, management, secrets.token_hex(32), workdir, **TIMINGS)
        await platform.supervisor.wait_ready(120)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            admin = await Api(session, platform.gateway_url).login(platform.admin_email, platform.admin_password)
            (await admin.post("/api/organisations", {"name": "Bench Broadcasting"})).ok(201)
            admin = await Api(session, platform.gateway_url).login(platform.admin_email, platform.admin_password)
            stage = Stage(platform, servers, name, amqp_url, admin)
            yield stage
    finally:
        if platform is not None:
            platform.supervisor.stop()
        await infra.delete_vhost(servers.management_url, name)
        await infra.drop_database(servers.database_url, name)
        if stage is not None and stage.keep_logs:
            say(f"the platform's logs are kept in {workdir / 'logs'}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
