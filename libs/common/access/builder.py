"""Building a service's route rows: the service is named once, and every option is typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict, Unpack

from pydantic import BaseModel

from common.access.rules import Allow, Method, Route


class RouteOptions(TypedDict, total=False):
    object_rule: str
    note: str
    request: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    list_of: type[BaseModel] | None


@dataclass(frozen=True)
class RouteBuilder:
    """``RouteBuilder("gateway")("auth.login", "A131", "POST", "/api/login", "Log in", ANYONE, ...)``."""

    service: str

    def __call__(
        self, name: str, catalogue_id: str, method: Method, path: str, summary: str, *allow: Allow,
        **options: Unpack[RouteOptions],
    ) -> Route:  # fmt: skip
        return Route(name, catalogue_id, method, path, self.service, summary, allow, **options)
