"""A small client for the RabbitMQ management HTTP API: vhosts, users, permissions, connections."""

from __future__ import annotations

from types import TracebackType
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL


def management_url_for(amqp_url: str, port: int = 15672) -> str:
    """The management API next to an AMQP broker, with the same credentials."""
    amqp = URL(amqp_url)
    return str(
        URL.build(
            scheme="http",
            user=amqp.user or "guest",
            password=amqp.password or "guest",
            host=amqp.host or "127.0.0.1",
            port=port,
        )
    )


def vhost_of(amqp_url: str) -> str:
    path = URL(amqp_url).path
    return path[1:] if len(path) > 1 else "/"


class RabbitManagement:
    def __init__(self, url: str) -> None:
        parsed = URL(url)
        self._base = parsed.with_user(None).with_password(None)
        self._auth = aiohttp.encode_basic_auth(parsed.user or "guest", parsed.password or "guest")
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> RabbitManagement:
        self._session = aiohttp.ClientSession(
            headers={"Authorization": self._auth}, timeout=aiohttp.ClientTimeout(total=15)
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def _call(self, method: str, path: str, json: Any = None, ok_missing: bool = False) -> Any:
        if self._session is None:
            raise RuntimeError("use RabbitManagement as an async context manager")
        url = URL(str(self._base).rstrip("/") + "/api/" + path, encoded=True)
        async with self._session.request(method, url, json=json) as response:
            if response.status == 404 and ok_missing:
                return None
            if response.status >= 400:
                raise RuntimeError(f"RabbitMQ management {method} {path}: {response.status} {await response.text()}")
            return await response.json() if response.content_type == "application/json" else None

    async def create_vhost(self, vhost: str) -> None:
        await self._call("PUT", f"vhosts/{_q(vhost)}")

    async def delete_vhost(self, vhost: str) -> None:
        await self._call("DELETE", f"vhosts/{_q(vhost)}", ok_missing=True)

    async def put_user(self, name: str, password: str, tags: str = "") -> None:
        await self._call("PUT", f"users/{_q(name)}", {"password": password, "tags": tags})

    async def delete_user(self, name: str) -> None:
        await self._call("DELETE", f"users/{_q(name)}", ok_missing=True)

    async def user_exists(self, name: str) -> bool:
        return await self._call("GET", f"users/{_q(name)}", ok_missing=True) is not None

    async def set_permissions(self, vhost: str, user: str, configure: str, write: str, read: str) -> None:
        body = {"configure": configure, "write": write, "read": read}
        await self._call("PUT", f"permissions/{_q(vhost)}/{_q(user)}", body)

    async def set_topic_permissions(self, vhost: str, user: str, exchange: str, write: str, read: str) -> None:
        body = {"exchange": exchange, "write": write, "read": read}
        await self._call("PUT", f"topic-permissions/{_q(vhost)}/{_q(user)}", body)

    async def connections(self, vhost: str | None = None) -> list[dict[str, Any]]:
        path = f"vhosts/{_q(vhost)}/connections" if vhost else "connections"
        return list(await self._call("GET", path) or [])

    async def close_connection(self, name: str) -> None:
        await self._call("DELETE", f"connections/{_q(name)}", ok_missing=True)

    async def queue(self, vhost: str, name: str) -> dict[str, Any] | None:
        result = await self._call("GET", f"queues/{_q(vhost)}/{_q(name)}", ok_missing=True)
        return dict(result) if result else None

    async def delete_queue(self, vhost: str, name: str) -> None:
        await self._call("DELETE", f"queues/{_q(vhost)}/{_q(name)}", ok_missing=True)


def _q(value: str) -> str:
    return quote(value, safe="")
