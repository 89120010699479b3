"""HTTP → gateway → environments → RabbitMQ → a real agent process → back: the whole lifecycle."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import psutil
from yarl import URL

from switchyard.services import NAMES
from tests.support.api import Api
from tests.support.platform import Platform
from tests.support.waiting import eventually

PLATFORM_SECRETS = ("DATABASE_URL", "AMQP_URL", "SWITCHYARD_INTERNAL_KEY", "RABBITMQ_MANAGEMENT_URL")


async def state_of(api: Api, environment_id: str, expected: str) -> dict:  # type: ignore[type-arg]
    async def check() -> dict:  # type: ignore[type-arg]
        body = (await api.get(f"/api/customer_environment/{environment_id}")).ok()
        assert body["state"] == expected, body
        return body

    return await eventually(check, within=45)


async def test_create_stop_start_delete_an_environment_through_the_gateway(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]], e2e_database_url: str
) -> None:
    api, organisation = broadcaster
    created = await api.post("/api/customer_environment", {"name": "studio-1"})
    environment = created.ok(201)
    environment_id = environment["id"]
    assert created.headers["Location"] == f"/api/customer_environment/{environment_id}"
    assert environment["state"] == "requested" and environment["organisation_id"] == organisation["id"]

    running = await state_of(api, environment_id, "running")
    assert running["jwt_token"], "the first read after creation finished carries a new token"
    assert (await api.get(f"/api/customer_environment/{environment_id}")).ok()["jwt_token"] is None
    me = (await api.as_(running["jwt_token"]).get("/api/user")).ok()
    assert me["active_environment_id"] == environment_id and me["active_organisation_id"] == organisation["id"]

    pid = platform.agent_pid(environment_id)
    assert pid is not None and psutil.pid_exists(pid)
    host = psutil.Process(pid)
    assert "cenv_agent" in " ".join(host.cmdline())
    agent_secrets = _credentials_of(platform, environment_id)
    _no_platform_secret_in(host, platform, agent_secrets)

    correlation = f"e2e-{uuid.uuid4()}"
    stopping = await api.post(
        f"/api/customer_environment/{environment_id}/stop", headers={"X-Correlation-ID": correlation}
    )
    assert stopping.ok(202)["state"] == "stopping"
    await state_of(api, environment_id, "stopped")

    async def media_stopped() -> None:
        status = (await api.get(f"/api/status/customer_environment/{environment_id}/")).ok()
        assert status["media_state"] == "stopped", status

    await eventually(media_stopped)
    assert correlation in platform.agent_log(environment_id), "the agent logs the request's correlation id"
    assert correlation in platform.log("environments"), "so does the environments service, both ways"

    assert (await api.post(f"/api/customer_environment/{environment_id}/start")).ok(202)["state"] == "starting"
    await state_of(api, environment_id, "running")

    assert (await api.delete(f"/api/customer_environment/{environment_id}")).ok(202)["state"] == "deleting"
    await state_of(api, environment_id, "deleted")
    await eventually(lambda: _gone(platform, environment_id))

    await _nowhere_but_the_agent(agent_secrets, platform, e2e_database_url)

    history = (await api.get(f"/api/customer_environment/{environment_id}/history")).ok()["objects"]
    states = [h["state"] for h in history if h["state"] != h["previous_state"]]
    assert states == [
        "requested", "provisioning", "running", "stopping", "stopped", "starting", "running", "deleting", "deleted",
    ]  # fmt: skip


def _credentials_of(platform: Platform, environment_id: str) -> list[str]:
    """The broker password and platform API key the provisioning driver handed this agent (kept on its disk)."""
    directory = platform.agent_dir(environment_id)
    assert directory is not None
    launch = json.loads((directory / "launch.json").read_text())
    assert (directory / "launch.json").stat().st_mode & 0o077 == 0, "only the agent's user may read its launch"
    password = URL(launch["amqp_url"]).password
    assert password and launch["api_key"]
    return [password, launch["api_key"]]


def _no_platform_secret_in(host: psutil.Process, platform: Platform, agent_secrets: list[str]) -> None:
    """The host's environment holds nothing of the platform's: no database, broker, key or superuser."""
    environ = host.environ()
    platform_secrets = [platform.admin_password, *(platform.supervisor.environment[name] for name in PLATFORM_SECRETS)]
    assert not [name for name in environ if name in PLATFORM_SECRETS or "ADMIN" in name], sorted(environ)
    everything = "\n".join(f"{k}={v}" for k, v in environ.items())
    assert not any(secret in everything for secret in [*platform_secrets, *agent_secrets])


async def _nowhere_but_the_agent(agent_secrets: list[str], platform: Platform, database_url: str) -> None:
    """Agent credentials travel only through the driver: never in events, logs or bus messages (events feed the bus)."""
    conn = await asyncpg.connect(database_url)
    try:
        schemas = await conn.fetch("SELECT table_schema FROM information_schema.tables WHERE table_name = 'events'")
        for row in schemas:
            stored = await conn.fetchval(f"SELECT string_agg(data::text || metadata::text, '') FROM {row[0]}.events")
            assert not any(secret in (stored or "") for secret in agent_secrets), row[0]
    finally:
        await conn.close()
    for log in [*(platform.log_dir / f"{s}.log" for s in NAMES), *platform.agent_state_dir.glob("host-*/host.log")]:
        text = log.read_text(errors="replace")
        assert not any(secret in text for secret in agent_secrets), log


async def _gone(platform: Platform, environment_id: str) -> None:
    directory = platform.agent_dir(environment_id)
    assert directory is None or not (directory / "launch.json").exists(), "the host still means to run the agent"
    assert '"agent_finished"' in platform.agent_log(environment_id) or "agent_failed" in platform.agent_log(
        environment_id
    ), "the agent has not stopped"


async def test_other_services_answer_health_ready_and_metrics(platform: Platform, anonymous: Api) -> None:
    for service in ("environments", "streams", "scheduler", "billing", "alerts"):
        base = Api(anonymous.session, platform.supervisor.url(service))
        assert (await base.get("/health")).ok()["status"] == "ok"
        assert (await base.get("/ready")).ok()["checks"] == {"postgres": True, "rabbitmq": True}
        assert "switchyard_" in (await base.get("/metrics")).ok()


async def test_the_gateway_keeps_its_metrics_off_the_public_port(platform: Platform, anonymous: Api) -> None:
    assert (await anonymous.get("/metrics")).status == 404
    internal = platform.supervisor.environment["SWITCHYARD_GATEWAY_METRICS_PORT"]
    async with anonymous.session.get(f"http://127.0.0.1:{internal}/metrics") as response:
        assert response.status == 200 and "switchyard_http_requests_total" in await response.text()
