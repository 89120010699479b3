"""Middlewares: request context and metrics, problem-details errors, signed principals."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from common import correlation
from common.errors import DomainError, Invalid
from common.http.bodies import validation_errors
from common.http.principal import Nonces, set_principal, verify
from common.http.problems import FieldError, Problem, constraint_violation, instance_of, typed_for
from common.logging import get_logger
from common.metrics import HTTP_ERRORS, HTTP_LATENCY, HTTP_REQUESTS

log = get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_PATHS = ("/health", "/ready", "/metrics")


def route_label(request: web.Request) -> str:
    info = request.match_info
    if info.http_exception is not None or info.route.resource is None:
        return "unmatched"
    return info.route.resource.canonical


def context_middleware(service: str) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        request_id = correlation.new_id()
        cid = correlation.bind(correlation.from_client(request.headers.get("X-Correlation-ID")), request_id=request_id)
        route, started = route_label(request), time.perf_counter()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            response.headers["X-Correlation-ID"] = cid
            response.headers["X-Request-ID"] = request_id
            return response
        except (asyncio.CancelledError, ConnectionResetError):
            if client_gone(request):
                status = CLIENT_CLOSED_REQUEST
                log.info("client_disconnected", route=route, method=request.method)
            raise
        finally:
            _latency(service, route, request.method).observe(time.perf_counter() - started)
            _requests(service, route, request.method, status).inc()
            if status >= 500:
                HTTP_ERRORS.labels(service, route, request.method).inc()

    return middleware


# A metric's child per label set, looked up once: ``labels()`` takes a lock and builds a tuple on every call.
@functools.cache
def _latency(service: str, route: str, method: str) -> Any:
    return HTTP_LATENCY.labels(service, route, method)


@functools.cache
def _requests(service: str, route: str, method: str, status: int) -> Any:
    return HTTP_REQUESTS.labels(service, route, method, str(status))


def to_problem(exc: Exception) -> Problem:
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, Invalid):
        return constraint_violation([FieldError(exc.field, exc.detail)] if exc.field else [], exc.detail)
    if isinstance(exc, DomainError):
        errors = [FieldError(exc.field, exc.detail)] if exc.field else []
        return Problem(exc.status, exc.detail, errors)
    if isinstance(exc, web.HTTPException):
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else {}
        detail = exc.text if exc.text and not exc.text.startswith(f"{exc.status}:") else exc.reason
        return Problem(exc.status, detail, headers=headers)
    if isinstance(exc, ValidationError):
        return constraint_violation(validation_errors(exc))
    log.exception("unhandled_error", error=repr(exc))
    return Problem(500, "the server could not complete this request")


def problem_response(request: web.Request, exc: Exception) -> web.Response:
    return typed_for(request, to_problem(exc)).response(instance=instance_of(request))


CLIENT_CLOSED_REQUEST = 499  # the client went away before its answer (nginx's convention); nobody reads it


def client_gone(request: web.Request) -> bool:
    return request.transport is None or request.transport.is_closing()


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except ConnectionResetError:
        if client_gone(request):
            raise  # not a failure of ours: there is nobody to answer
        return problem_response(request, ConnectionError("a connection the service relied on was reset"))
    except Exception as exc:  # noqa: BLE001 (every failure leaves as problem details)
        return problem_response(request, exc)
    return response


def signed_principal_middleware(key: bytes, service: str) -> Callable[..., Awaitable[web.StreamResponse]]:
    nonces = Nonces()

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path not in OPEN_PATHS:
            body = await request.read() if request.body_exists else b""
            principal = verify(
                key, request.headers, request.method, request.raw_path, service=service, body=body, nonces=nonces
            )
            set_principal(request, principal)
        return await handler(request)

    return middleware
