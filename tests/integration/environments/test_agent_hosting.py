"""The remote provisioning driver through a real agent host, and several agents in one process."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from pathlib import Path

import aio_pika
import pytest
from aiohttp.test_utils import TestServer

from cenv_agent.host import create_host_app
from common.bus.management import RabbitManagement, vhost_of
from common.bus.topology import CENV_EVENTS
from environments.adapters.provisioning import ProvisioningError, RemoteDriver
from tests.integration.environments.conftest import EnvironmentsUnderTest, new_organisation
from tests.support.bus import drain, tap
from tests.support.waiting import eventually


async def test_the_remote_driver_provisions_through_an_agent_host(
    environments: EnvironmentsUnderTest, internal_key: str, tmp_path: Path
) -> None:
    host = TestServer(create_host_app(tmp_path, internal_key.encode()))
    await host.start_server()
    context = environments.context
    local = context.driver
    context.driver = RemoteDriver(str(host.make_url("")).rstrip("/"), internal_key.encode())
    admin = environments.admin_of(new_organisation())
    try:
        environment_id = await environments.create(admin, "remote")
        await environments.wait_for(admin, environment_id, "running")
        assert (tmp_path / environment_id / "launch.json").exists(), "the host keeps the agent's launch on its disk"
        await environments.call(admin, "DELETE", f"/api/customer_environment/{environment_id}")
        await environments.wait_for(admin, environment_id, "deleted")
        assert not (tmp_path / environment_id / "launch.json").exists(), "a deleted environment's agent is forgotten"
    finally:
        await context.driver.close()
        context.driver = local
        await host.close()


async def test_an_unsigned_request_to_the_agent_host_is_refused(internal_key: str, tmp_path: Path) -> None:
    host = TestServer(create_host_app(tmp_path, internal_key.encode()))
    await host.start_server()
    try:
        forged = RemoteDriver(str(host.make_url("")).rstrip("/"), b"not the internal key")
        try:
            with pytest.raises(ProvisioningError, match="401"):
                await forged.terminate(uuid.uuid4())
        finally:
            await forged.close()
    finally:
        await host.close()


async def test_one_process_can_run_several_agents_each_with_its_own_connection(
    environments: EnvironmentsUnderTest, amqp_url: str, management_url: str, tmp_path: Path
) -> None:
    ids = [uuid.uuid4(), uuid.uuid4()]
    connection = environments.runtime.connection
    accounts = [await environments.context.broker.grant(connection, environment_id) for environment_id in ids]
    agents = [{"environment_id": str(i), "amqp_url": a.amqp_url.get_secret_value(), "command_queue": a.command_queue,
               "state_dir": str(tmp_path / str(i)), "heartbeat_seconds": 30}
              for i, a in zip(ids, accounts, strict=True)]  # fmt: skip
    (tmp_path / "agents.json").write_text(json.dumps(agents))
    async with await aio_pika.connect(amqp_url) as observer:
        provisioned = await tap(await observer.channel(), CENV_EVENTS, "*.cenv.Provisioned")
        process = subprocess.Popen(
            [sys.executable, "-m", "cenv_agent", "--environments-file", str(tmp_path / "agents.json")]
        )
        try:
            reports = await drain(provisioned, 2, timeout=30)
            assert {r["payload"]["environment_id"] for r in reports} == {str(i) for i in ids}

            async def connected() -> None:
                async with RabbitManagement(management_url) as api:
                    names = {
                        c["client_properties"].get("connection_name") for c in await api.connections(vhost_of(amqp_url))
                    }
                assert {f"cenv-agent-{i}" for i in ids} <= names

            await eventually(connected, within=30, every=1)
        finally:
            process.terminate()
            await asyncio.to_thread(process.wait, 20)
            for environment_id in ids:
                await environments.context.broker.revoke(connection, environment_id)
