"""The loopback multicast group each running input sends its MPEG-TS to, and its outputs read (decision 84): the
kernel copies each datagram to every member, so no byte passes through the agent.

The port makes a group unique on the machine: the kernel hands out a port no socket holds, and the agent keeps a
socket on it (0.0.0.0, not joined, receiving nothing) while the input runs, so no other agent or program gets it;
the address is only a readable hint derived from the input. Datagrams go out on 127.0.0.1 with TTL 0: they never
leave the machine (or the container's own network namespace). The kernel's count of datagrams a receiving socket
dropped (its buffer full: a slow output) is read off /proc."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
IP_MULTICAST_ALL = 49  # linux/in.h: 0 = receive only the groups this socket joined (none)
RECEIVE_BUFFER = 1 << 20  # bytes asked of the kernel per output (it doubles it): about a second at 5 Mbit/s


@dataclass
class Group:
    address: str
    port: int
    _held: socket.socket | None = field(default=None, repr=False, compare=False)

    def release(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None


def address_for(input_id: str) -> str:
    """239.255.0.0/16 (organisation-local scope), never a .0 or .255 host part."""
    digest = hashlib.sha256(input_id.encode()).digest()
    return f"239.255.{digest[0]}.{1 + digest[1] % 254}"


def claim(input_id: str) -> Group:
    held = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        held.bind(("0.0.0.0", 0))  # noqa: S104 (without SO_REUSEADDR: a port no socket holds, reusable or not)
        # now shareable by the input's receivers (they bind group:port with SO_REUSEADDR), never by a stranger
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.setsockopt(socket.IPPROTO_IP, IP_MULTICAST_ALL, 0)
    except OSError:
        held.close()
        raise
    return Group(address_for(input_id), int(held.getsockname()[1]), held)


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def dropped(pid: int, group: Group) -> int:
    """Datagrams of ``group`` the kernel dropped for the process's receiving sockets (their buffers were full)."""
    inodes, local = _socket_inodes(pid), f"{socket.htonl(_ip(group.address)):08X}:{group.port:04X}"
    total = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/net/udp").read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 13 and fields[1] == local and fields[9] in inodes:
                total += int(fields[12])
    return total


def _ip(address: str) -> int:
    return int.from_bytes(socket.inet_aton(address), "big")
