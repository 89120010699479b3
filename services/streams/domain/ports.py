"""An environment's input ports: which port a listener input gets, inside the environment's range, never one
another input of the environment holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.errors import Conflict, Invalid

Held = Mapping[int, str]  # port → the input holding it


@dataclass(frozen=True)
class PortRange:
    first: int
    last: int

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= 65_535:
            raise ValueError(f"{self.first}-{self.last} is not a range of ports")

    @classmethod
    def parse(cls, text: str) -> PortRange:
        first, _, last = text.partition("-")
        return cls(int(first), int(last or first))

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.first <= port <= self.last

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"


def choose(held: Held, ports: PortRange, input_id: str, asked: int | None) -> int:
    """``asked`` if it is in range and free (or already ``input_id``'s), else the lowest free port."""
    if asked is None:
        return lowest_free(held, ports, input_id)
    if asked not in ports:
        raise Invalid(f"port must be in the environment's input port range {ports}", "port")
    holder = held.get(asked, input_id)
    if holder != input_id:
        raise Conflict(f"port {asked} is already used by input {holder!r} on this environment", "port")
    return asked


def lowest_free(held: Held, ports: PortRange, input_id: str) -> int:
    for port in range(ports.first, ports.last + 1):
        if held.get(port, input_id) == input_id:
            return port
    raise Conflict(f"every port of the environment's input port range {ports} is in use", "port")
