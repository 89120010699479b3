"""Forwarding a request to the service that owns its route, signed with the caller's principal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
from aiohttp import web
from yarl import URL

from common import correlation
from common.access.mount import ROUTE
from common.http.idempotency import skip_idempotency
from common.http.principal import principal_of, sign
from common.http.problems import Problem
from common.logging import get_logger
from gateway.context import gateway_of

log = get_logger(__name__)
# Slack's signature headers reach the alerts service, which verifies them (A279)
FORWARDED_REQUEST_HEADERS = (
    "Content-Type", "Accept", "Idempotency-Key", "If-Match", "X-Slack-Signature", "X-Slack-Request-Timestamp",
)  # fmt: skip
RETURNED_HEADERS = (
    "Content-Type", "Location", "Allow", "Retry-After", "ETag", "Idempotent-Replayed", "Cache-Control",
)  # fmt: skip
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ResponseHook = Callable[[web.Request, web.Response, str], Awaitable[web.Response]]
RESPONSE_HOOKS: dict[str, ResponseHook] = {}


@skip_idempotency
async def forward(request: web.Request) -> web.Response:
    gateway, route = gateway_of(request), request[ROUTE]
    raw_path = request.raw_path
    headers = {h: request.headers[h] for h in FORWARDED_REQUEST_HEADERS if h in request.headers}
    headers["X-Correlation-ID"] = correlation.correlation_id()
    body = await request.read() if request.body_exists else b""
    principal = principal_of(request)
    headers.update(sign(gateway.internal_key, principal, request.method, raw_path, service=route.service, body=body))
    target = URL(gateway.settings.service_url(route.service) + raw_path, encoded=True)
    try:
        async with gateway.client.request(request.method, target, data=body or None, headers=headers) as upstream:
            response = web.Response(
                status=upstream.status,
                body=await upstream.read(),
                headers={h: upstream.headers[h] for h in RETURNED_HEADERS if h in upstream.headers},
            )
            switch_to = upstream.headers.get("X-Switchyard-Switch-To")
    except aiohttp.ClientConnectorError as exc:  # never reached the service: nothing happened
        raise _unavailable(route.service, exc) from exc
    except (TimeoutError, aiohttp.ClientConnectionError) as exc:
        if request.method in WRITES:
            raise _outcome_unknown(route.service, exc) from exc
        raise _unavailable(route.service, exc) from exc
    hook = RESPONSE_HOOKS.get(route.name)
    if hook is not None and switch_to:
        return await hook(request, response, switch_to)
    return response


def _unavailable(service: str, exc: BaseException) -> Problem:
    log.warning("upstream_unavailable", service=service, error=repr(exc))
    return Problem(503, f"the {service} service is unavailable; try again shortly", headers={"Retry-After": "5"})


def _outcome_unknown(service: str, exc: BaseException) -> Problem:
    """The write reached the service, which did not answer in time: it may still happen, or may have."""
    log.warning("upstream_write_outcome_unknown", service=service, error=repr(exc))
    return Problem(
        504,
        f"the {service} service did not answer in time: this change may or may not have been made. "
        "Check before repeating it, or repeat it with the same Idempotency-Key, which never applies it twice.",
    )
