"""Path parameters and their types, declared by each contract rather than guessed from their names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["uuid", "organisation_id", "positive_integer", "email", "text"]
_SCHEMAS: dict[Kind, dict[str, Any]] = {
    "uuid": {"type": "string", "format": "uuid"},
    "organisation_id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    "positive_integer": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    "email": {"type": "string", "format": "email"},
    "text": {"type": "string"},
}
_PLACEHOLDER = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class PathParameter:
    name: str
    kind: Kind

    def schema(self) -> dict[str, Any]:
        return dict(_SCHEMAS[self.kind])


@dataclass(frozen=True)
class QueryParameter:
    """A query parameter a route reads itself (a façade's ``organizationId``...), as its OpenAPI operation shows it."""

    name: str
    kind: Kind = "text"
    description: str = ""

    def openapi(self) -> dict[str, Any]:
        described = {"description": self.description} if self.description else {}
        return {"name": self.name, "in": "query", "required": False, "schema": dict(_SCHEMAS[self.kind]), **described}


def placeholders(path: str) -> list[str]:
    return _PLACEHOLDER.findall(path)


def typed(path: str, kinds: Mapping[str, Kind]) -> tuple[PathParameter, ...]:
    """The path's parameters with the kinds a contract declares; one it does not declare is an error."""
    undeclared = [name for name in placeholders(path) if name not in kinds]
    if undeclared:
        raise ValueError(f"{path}: declare the kind of {undeclared}")
    return tuple(PathParameter(name, kinds[name]) for name in placeholders(path))
