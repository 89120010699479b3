"""Finding Postgres and RabbitMQ for a test run, and giving the run its own database and vhost."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from yarl import URL

from common.bus.management import RabbitManagement, management_url_for

HOW_TO_PROVIDE = (
    "Integration and end-to-end tests need PostgreSQL and RabbitMQ (with the management plugin).\n"
    "Provide them with DATABASE_URL=postgresql://user@host:5432/db and AMQP_URL=amqp://user:pass@host:5672/\n"
    "(RABBITMQ_MANAGEMENT_URL=http://user:pass@host:15672 if it is not next to AMQP_URL), or run the\n"
    "tests where a Docker engine is available so testcontainers can start both. `make test` sets the\n"
    "URLs to the local servers and enables the management plugin."
)


@dataclass
class Servers:
    database_url: str
    amqp_url: str
    management_url: str
    containers: list[Any]


def docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20, check=False).returncode == 0


def locate_servers() -> Servers:
    database_url, amqp_url = os.environ.get("DATABASE_URL"), os.environ.get("AMQP_URL")
    if database_url and amqp_url:
        management = os.environ.get("RABBITMQ_MANAGEMENT_URL") or management_url_for(amqp_url)
        return Servers(database_url, amqp_url, management, [])
    if docker_available():
        return _start_containers()
    raise RuntimeError(HOW_TO_PROVIDE)


def _start_containers() -> Servers:
    from testcontainers.postgres import PostgresContainer
    from testcontainers.rabbitmq import RabbitMqContainer

    postgres = PostgresContainer("postgres:15", driver=None).start()
    rabbit = RabbitMqContainer("rabbitmq:3.12-management").with_exposed_ports(5672, 15672).start()
    host = rabbit.get_container_host_ip()
    amqp = f"amqp://guest:guest@{host}:{rabbit.get_exposed_port(5672)}/"
    management = f"http://guest:guest@{host}:{rabbit.get_exposed_port(15672)}"
    return Servers(postgres.get_connection_url(), amqp, management, [postgres, rabbit])


def run_name() -> str:
    return f"sy_test_{uuid.uuid4().hex[:12]}"


async def create_database(server_url: str, name: str) -> str:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return str(URL(server_url).with_path(f"/{name}"))


async def drop_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def create_vhost(management_url: str, amqp_url: str, name: str) -> str:
    async with RabbitManagement(management_url) as api:
        await api.create_vhost(name)
        user = URL(amqp_url).user or "guest"
        await api.set_permissions(name, user, ".*", ".*", ".*")
    return str(URL(amqp_url).with_path(f"/{name}"))


async def delete_vhost(management_url: str, name: str) -> None:
    async with RabbitManagement(management_url) as api:
        await api.delete_vhost(name)


@asynccontextmanager
async def own_database(servers: Servers, name: str) -> AsyncIterator[str]:
    """A database for one run (kept afterwards when SWITCHYARD_KEEP_TEST_DATABASE is set)."""
    url = await create_database(servers.database_url, name)
    yield url
    if not os.environ.get("SWITCHYARD_KEEP_TEST_DATABASE"):
        await drop_database(servers.database_url, name)


@asynccontextmanager
async def own_vhost(servers: Servers, name: str) -> AsyncIterator[str]:
    url = await create_vhost(servers.management_url, servers.amqp_url, name)
    yield url
    await delete_vhost(servers.management_url, name)
