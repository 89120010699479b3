"""An environment's listening ports: which port a listener (input or output) gets, inside the environment's range
for its side, never one another listener of that side holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.errors import Conflict, Invalid

Held = Mapping[int, str]  # port → the input (or output) holding it


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


def choose(
    held: Held, ports: PortRange, holder_id: str, asked: int | None, side: str = "input", field: str = "port"
) -> int:
    """``asked`` if it is in range and free (or already ``holder_id``'s), else the lowest free port."""
    if asked is None:
        return lowest_free(held, ports, holder_id, side, field)
    if asked not in ports:
        raise Invalid(f"{field} must be in the environment's {side} port range {ports}", field)
    holder = held.get(asked, holder_id)
    if holder != holder_id:
        raise Conflict(f"port {asked} is already used by {side} {holder!r} on this environment", field)
    return asked


def lowest_free(held: Held, ports: PortRange, holder_id: str, side: str = "input", field: str = "port") -> int:
    for port in range(ports.first, ports.last + 1):
        if held.get(port, holder_id) == holder_id:
            return port
    raise Conflict(f"every port of the environment's {side} port range {ports} is in use", field)
