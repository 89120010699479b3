"""The platform's services: one registry for the supervisor, the gateway's peers, the tests and the deployment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field


@dataclass(frozen=True)
class Service:
    name: str
    default_port: int

    @property
    def port_variable(self) -> str:
        return f"SWITCHYARD_{self.name.upper()}_PORT"

    @property
    def url_variable(self) -> str:
        return f"SWITCHYARD_{self.name.upper()}_URL"


SERVICES: tuple[Service, ...] = (
    Service("gateway", 8080),
    Service("environments", 8081),
    Service("streams", 8082),
    Service("scheduler", 8083),
    Service("billing", 8084),
    Service("alerts", 8085),
)
NAMES: tuple[str, ...] = tuple(s.name for s in SERVICES)
BEHIND_THE_GATEWAY: tuple[str, ...] = tuple(n for n in NAMES if n != "gateway")


def by_name(name: str) -> Service:
    return next(s for s in SERVICES if s.name == name)


def port_setting(name: str) -> Any:
    """The settings field a service reads its own port from."""
    entry = by_name(name)
    return Field(entry.default_port, validation_alias=entry.port_variable)


def url_setting(name: str) -> Any:
    """The settings field a peer reads a service's internal URL from."""
    entry = by_name(name)
    return Field(f"http://127.0.0.1:{entry.default_port}", validation_alias=entry.url_variable)
