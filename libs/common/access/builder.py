"""Building a service's route rows: the service is named once, and every option is typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from pydantic import BaseModel

from common.access.parameters import Kind, QueryParameter, typed
from common.access.rules import Allow, Method, Route


class RouteOptions(TypedDict, total=False):
    object_rule: str
    note: str
    request: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    list_of: type[BaseModel] | None
    errors: tuple[int, ...]
    constraint_violation_type: str
    query: tuple[QueryParameter, ...]
    actions: tuple[tuple[str, str], ...]
    dialect_error: type[BaseModel] | None
    response_media_type: str
    form_files: tuple[str, ...]


@dataclass(frozen=True)
class RouteBuilder:
    """``RouteBuilder("gateway", KINDS)("auth.login", "A131", "POST", "/api/login", "Log in", ANYONE, ...)``.

    ``parameters`` gives the kind of every path parameter the service's paths use.
    """

    service: str
    parameters: Mapping[str, Kind] = field(default_factory=dict)

    def __call__(
        self, name: str, catalogue_id: str, method: Method, path: str, summary: str, *allow: Allow,
        **options: Unpack[RouteOptions],
    ) -> Route:  # fmt: skip
        parameters = typed(path, self.parameters)
        return Route(name, catalogue_id, method, path, self.service, summary, allow, path_parameters=parameters,
                     **options)  # fmt: skip


def with_schema(collection: Route, name: str, summary: str) -> tuple[Route, Route]:
    """A paged collection and its P04 ``schema/`` route: the same owner and callers, the path plus ``schema/``."""
    if not collection.paged:
        raise ValueError(f"{collection.name} is not a paged collection")
    path = f"{collection.path.rstrip('/')}/schema/"
    schema = Route(name, "P04", "GET", path, collection.service, summary, collection.allow,
                   path_parameters=collection.path_parameters)  # fmt: skip
    return collection, schema
