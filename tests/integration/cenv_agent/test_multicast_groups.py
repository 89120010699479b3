"""The loopback multicast groups between an input and its outputs (decision 84), with the machine's real kernel: two
agents claiming a group for the same input never share a port; every joined receiver gets each datagram, the
agent's own claim none; a stranger cannot take the port while it is claimed; a receiver that does not read has its
drops counted; a released port is free again."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

from cenv_agent.drivers import groups
from cenv_agent.drivers.groups import LOOPBACK, Group
from tests.support.media import port_is_free


def receiver(group: Group, buffer: int | None = None) -> socket.socket:
    """What an output's process does: binds group:port shared (SO_REUSEADDR), joins the group on 127.0.0.1."""
    joined = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    joined.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if buffer is not None:
        joined.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer)
    joined.bind((group.address, group.port))
    membership = socket.inet_aton(group.address) + socket.inet_aton(LOOPBACK)
    joined.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    joined.settimeout(5)
    return joined


def sender() -> socket.socket:
    """What an input's process does: sends out of 127.0.0.1, TTL 0, looped back to the machine's members."""
    sending = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sending.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(LOOPBACK))
    sending.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)
    sending.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
    return sending


@pytest.fixture
def two_agents() -> Iterator[tuple[Group, Group]]:
    first, second = groups.claim("cam"), groups.claim("cam")  # the same input id, as two agents on one host
    yield first, second
    first.release()
    second.release()


def test_two_agents_claiming_the_same_input_get_the_same_address_but_never_the_same_port(
    two_agents: tuple[Group, Group],
) -> None:
    first, second = two_agents
    assert first.address == second.address and first.port != second.port


def test_every_joined_receiver_gets_each_datagram_and_the_other_agents_receivers_none(
    two_agents: tuple[Group, Group],
) -> None:
    first, second = two_agents
    ours, sibling, theirs = receiver(first), receiver(first), receiver(second)
    try:
        with sender() as sending:
            for n in range(10):
                sending.sendto(bytes([n]) * 1316, (first.address, first.port))
            assert [ours.recv(2048)[0] for _ in range(10)] == list(range(10))
            assert [sibling.recv(2048)[0] for _ in range(10)] == list(range(10))
        theirs.setblocking(False)
        with pytest.raises(BlockingIOError):
            theirs.recv(2048)
        assert first._held is not None
        first._held.setblocking(False)
        with pytest.raises(BlockingIOError):  # the claim joined nothing and takes no copy
            first._held.recv(2048)
    finally:
        for joined in (ours, sibling, theirs):
            joined.close()


def test_a_stranger_cannot_take_a_claimed_port_and_a_released_one_is_free(two_agents: tuple[Group, Group]) -> None:
    first, _ = two_agents
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stranger, pytest.raises(OSError):
        stranger.bind(("0.0.0.0", first.port))  # noqa: S104
    assert not port_is_free(first.port)
    first.release()
    assert port_is_free(first.port)


def test_the_datagrams_a_receiver_could_not_take_are_counted_as_its_drops(two_agents: tuple[Group, Group]) -> None:
    first, _ = two_agents
    slow = receiver(first, buffer=4096)  # reads nothing: its buffer fills at once
    try:
        assert groups.dropped(os.getpid(), first) == 0
        with sender() as sending:
            for _ in range(200):
                sending.sendto(b"\x47" * 1316, (first.address, first.port))
        assert 0 < groups.dropped(os.getpid(), first) < 200
    finally:
        slow.close()
