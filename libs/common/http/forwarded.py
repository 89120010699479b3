"""The client's address behind reverse proxies: ``X-Forwarded-For`` counts only when a trusted proxy sent it.

Throttles, idempotency owners and the free-credit address rule key on ``request.remote``. Behind a
load balancer every request comes from the balancer, so one attacker could throttle everyone; but
a header anyone may send must not choose the address either. So the header is read only from a
peer in the trusted networks, right to left, and the first address that is not a trusted proxy is
the client. (aiohttp-remotes' filtered mode trusts the header from any peer, its strict mode needs
a fixed number of hops: neither fits a gateway reached both through a balancer and directly.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from aiohttp import hdrs, web
from aiohttp.typedefs import Middleware

Network = IPv4Network | IPv6Network
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def client_address(peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str | None:
    if peer is None or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _valid(hop):
            return peer  # a malformed chain says nothing reliable: the proxy itself is all we know
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def forwarded_for_middleware(trusted: Sequence[Network]) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        address = client_address(request.remote, request.headers.getall(hdrs.X_FORWARDED_FOR, []), trusted)
        if address is None or address == request.remote:
            return await handler(request)
        return await handler(request.clone(remote=address))

    return middleware


def _valid(address: str) -> bool:
    try:
        ip_address(address)
    except ValueError:
        return False
    return True


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)
