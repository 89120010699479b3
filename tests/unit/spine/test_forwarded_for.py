"""Who the client is behind proxies: the header counts only from a trusted peer, read from the right."""

from __future__ import annotations

from ipaddress import IPv4Address, ip_network

from hypothesis import given
from hypothesis import strategies as st

from common.http.forwarded import client_address

TRUSTED = [ip_network("10.0.0.0/8"), ip_network("127.0.0.1/32")]
outside = st.ip_addresses(v=4).filter(lambda a: not any(a in n for n in TRUSTED)).map(str)
inside = st.one_of(st.just("127.0.0.1"), st.integers(0, 2**24 - 1).map(lambda i: str(IPv4Address(0x0A000000 + i))))
anything = st.one_of(outside, inside, st.text(max_size=20))


@given(peer=outside, header=st.lists(anything, max_size=4))
def test_an_untrusted_peer_is_the_client_whatever_it_says(peer: str, header: list[str]) -> None:
    assert client_address(peer, [", ".join(header)] if header else [], TRUSTED) == peer


@given(client=outside, spoofed=st.lists(outside, max_size=3), proxies=st.lists(inside, max_size=3), peer=inside)
def test_behind_trusted_proxies_the_client_is_the_last_address_before_them(
    client: str, spoofed: list[str], proxies: list[str], peer: str
) -> None:
    """Whatever the client prepends (``spoofed``) is left of the address the first trusted proxy saw."""
    header = ", ".join([*spoofed, client, *proxies])
    assert client_address(peer, [header], TRUSTED) == client


@given(peer=inside)
def test_a_trusted_peer_without_the_header_is_the_client(peer: str) -> None:
    assert client_address(peer, [], TRUSTED) == peer


def test_a_chain_of_trusted_addresses_only_names_its_first() -> None:
    assert client_address("127.0.0.1", ["10.0.0.7, 10.0.0.8"], TRUSTED) == "10.0.0.7"


def test_a_malformed_hop_names_nobody_but_the_proxy() -> None:
    assert client_address("127.0.0.1", ["203.0.113.1, not-an-address"], TRUSTED) == "127.0.0.1"


def test_headers_repeated_read_as_one_list() -> None:
    assert client_address("127.0.0.1", ["198.51.100.1", "203.0.113.1, 10.0.0.1"], TRUSTED) == "203.0.113.1"
