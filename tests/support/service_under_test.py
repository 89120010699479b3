"""One service behind the gateway, served in the test's process and called as the gateway would: signed for a
principal. Each service's integration conftest extends it with what its tests need."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from json import dumps
from typing import Any, ClassVar

import aiohttp
from aiohttp.test_utils import TestServer

from common.http.app import RUNTIME, Runtime
from common.http.principal import Principal, Role, sign
from tests.support.api import Reply


@dataclass
class ServiceUnderTest:
    SERVICE: ClassVar[str]
    server: TestServer
    session: aiohttp.ClientSession
    key: str

    @property
    def runtime(self) -> Runtime:
        return self.server.app[RUNTIME]

    async def call(
        self, principal: Principal, method: str, path: str, json: Any = None, headers: dict[str, str] | None = None
    ) -> Reply:
        url = self.server.make_url(path)
        body = b"" if json is None else dumps(json).encode()
        signed = sign(self.key.encode(), principal, method, url.raw_path_qs, service=self.SERVICE, body=body)
        signed["Content-Type"] = "application/json"
        async with self.session.request(method, url, data=body or None, headers={**signed, **(headers or {})}) as r:
            answer = await r.json(content_type=None) if r.content_length != 0 else None
            return Reply(r.status, answer, dict(r.headers))


def member_of(organisation_id: int, role: Role = "admin") -> Principal:
    return Principal(kind="user", user_id=uuid.uuid4(), managing_organisation_id=organisation_id,
                     managing_role=role, active_organisation_id=organisation_id, active_role=role)  # fmt: skip


def new_organisation() -> int:
    return random.randint(10_000, 2**31 - 1)
