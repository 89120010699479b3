"""``Idempotency-Key`` on writes: same key and request replay the first response; another request → 400.

Keys belong to the authenticated principal (a user, an agent, the organisation a generated token signs
for), so two callers never share one. A response marked ``Cache-Control: no-store`` (it carries a
secret: a password, a token) is never kept: a retry with its key runs again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
from aiohttp import web

from common.http.middleware import Handler, problem_response
from common.http.principal import principal_of
from common.http.problems import Problem, bad_request

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REPLAYED_HEADERS = ("Location", "Content-Type")
SKIP_ATTRIBUTE = "skip_idempotency"
MAX_KEY_LENGTH = 255


def _owner(request: web.Request) -> str:
    principal = principal_of(request)
    if principal.user_id:
        return f"user:{principal.user_id}"
    if principal.via_generated_token:
        return f"organisation-token:{principal.managing_organisation_id}"
    if principal.environment_id:
        return f"agent:{principal.environment_id}"
    if principal.kind != "anonymous":
        return principal.kind
    return f"anonymous:{request.remote}"


def must_not_be_kept(response: web.StreamResponse) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def idempotency_middleware(
    pool: Callable[[], asyncpg.Pool], schema: str
) -> Callable[..., Awaitable[web.StreamResponse]]:
    table = f"{schema}.idempotency_keys"

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        key = request.headers.get("Idempotency-Key")
        route_handler = request.match_info.handler
        if not key or request.method not in WRITE_METHODS or getattr(route_handler, SKIP_ATTRIBUTE, False):
            return await handler(request)
        if len(key) > MAX_KEY_LENGTH or not (key.isascii() and key.isprintable()):
            detail = f"Idempotency-Key must be at most {MAX_KEY_LENGTH} printable ASCII characters"
            raise bad_request(detail, "Idempotency-Key")
        body = await request.read()
        digest = hashlib.sha256(f"{request.method} {request.raw_path}\n".encode() + body).hexdigest()
        owner = _owner(request)
        claimed = await pool().fetchval(
            f"""INSERT INTO {table} (owner, key, request_hash) VALUES ($1, $2, $3)
                ON CONFLICT (owner, key) DO UPDATE
                   SET request_hash = excluded.request_hash, status = NULL, headers = NULL,
                       body = NULL, created_at = now()
                 WHERE {table}.created_at < now() - interval '24 hours'
                RETURNING 1""",
            owner,
            key,
            digest,
        )
        if not claimed:
            return await _replay(pool(), table, owner, key, digest)
        try:
            response = await handler(request)
        except Exception as exc:  # noqa: BLE001 (the error's response is what we remember)
            response = problem_response(request, exc)
        await _remember(pool(), table, owner, key, response)
        return response

    return middleware


async def _replay(pool: asyncpg.Pool, table: str, owner: str, key: str, digest: str) -> web.Response:
    row = await pool.fetchrow(f"SELECT * FROM {table} WHERE owner = $1 AND key = $2", owner, key)
    if row is None or row["request_hash"] != digest:
        raise bad_request("this Idempotency-Key was already used with a different request", "Idempotency-Key")
    if row["status"] is None:
        raise Problem(409, "a request with this Idempotency-Key is still in progress")
    headers = {**row["headers"], "Idempotent-Replayed": "true"}
    content_type = headers.pop("Content-Type", None)
    response = web.Response(status=row["status"], body=row["body"], headers=headers)
    if content_type:
        response.headers["Content-Type"] = content_type
    return response


async def _remember(pool: asyncpg.Pool, table: str, owner: str, key: str, response: web.StreamResponse) -> None:
    if response.status >= 500 or not isinstance(response, web.Response) or must_not_be_kept(response):
        await pool.execute(f"DELETE FROM {table} WHERE owner = $1 AND key = $2", owner, key)
        return
    headers = {h: response.headers[h] for h in REPLAYED_HEADERS if h in response.headers}
    await pool.execute(
        f"UPDATE {table} SET status = $3, headers = $4, body = $5 WHERE owner = $1 AND key = $2",
        owner,
        key,
        response.status,
        headers,
        response.body if isinstance(response.body, bytes) else b"",
    )


R = TypeVar("R", bound=web.StreamResponse)


def no_store(response: R) -> R:
    """Mark a response that carries a secret: no cache keeps it, and neither does the Idempotency-Key table."""
    response.headers["Cache-Control"] = "no-store"
    return response


def skip_idempotency(handler: Handler) -> Handler:
    """For handlers that pass the key on to another service, which remembers the response itself."""
    setattr(handler, SKIP_ATTRIBUTE, True)
    return handler
