"""A small HTTP client for driving the platform the way a user would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]

    def ok(self, expected: int = 200) -> Any:
        assert self.status == expected, f"expected {expected}, got {self.status}: {self.body}"
        return self.body


@dataclass
class Api:
    """Calls ``base_url`` with an optional bearer token; every reply is decoded as JSON when it is JSON."""

    session: aiohttp.ClientSession
    base_url: str
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def as_(self, token: str | None) -> Api:
        return Api(self.session, self.base_url, token, dict(self.headers))

    async def call(self, method: str, path: str, json: Any = None, **kwargs: Any) -> Reply:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        async with self.session.request(method, self.base_url + path, json=json, headers=headers, **kwargs) as r:
            text = await r.text()
            is_json = r.content_type in ("application/json", "application/problem+json")
            body = (await r.json(content_type=None)) if is_json and text else text
            return Reply(r.status, body, dict(r.headers))

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return await self.call("POST", path, json, **kwargs)

    async def patch(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return await self.call("PATCH", path, json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return await self.call("PUT", path, json, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Reply:
        return await self.call("DELETE", path, **kwargs)

    async def first_login(self, email: str, temporary: str, new_password: str | None = None) -> Api:
        """A170 made the account with a temporary password: the first login chooses the user's own."""
        body = {"email": email, "password": temporary, "new_password": new_password or f"own-{temporary}"}
        return self.as_((await self.post("/api/login", body)).ok()["jwt_token"])

    async def user_id(self) -> str:
        return str((await self.get("/api/user")).ok()["id"])

    async def login(self, email: str, password: str) -> Api:
        reply = await self.post("/api/login", {"email": email, "password": password})
        return self.as_(reply.ok()["jwt_token"])
