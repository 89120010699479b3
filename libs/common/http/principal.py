"""Who is calling: the principal the gateway resolves, signs and forwards to services.

The gateway sends ``X-Switchyard-Principal`` (base64url JSON) and ``X-Switchyard-Signature``
(``t=<unix seconds>,n=<nonce>,v1=<hex HMAC-SHA256>``). The MAC covers the timestamp, the nonce,
the service the request is for, the method, the path with its query, a digest of the body and
the principal, so a signature is good for one request to one service. Services accept a request
only with a fresh, valid signature whose nonce they have not seen (remembered as long as the
signature is fresh), so nothing but the gateway can speak for a user, and a sniffed request
cannot be replayed, redirected or given another body.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import time
import uuid
from collections.abc import Mapping
from typing import Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from common import correlation
from common.http.problems import unauthorized

PRINCIPAL_HEADER = "X-Switchyard-Principal"
SIGNATURE_HEADER = "X-Switchyard-Signature"
MAX_SKEW_SECONDS = 30

Role = Literal["admin", "operator", "monitor"]
PrincipalKind = Literal["anonymous", "user", "agent", "cloud_worker"]


class GuestAccess(BaseModel):
    """An accepted source invitation from the active organisation to the caller's managing one."""

    model_config = ConfigDict(frozen=True)

    invitation_id: uuid.UUID
    source_organisation_id: int
    show_all_channels: bool
    show_all_events: bool
    registered: bool
    billing_source: str
    global_max_destinations: int


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: PrincipalKind = "anonymous"
    user_id: uuid.UUID | None = None
    email: str | None = None
    is_superuser: bool = False
    is_accounts_user: bool = False
    is_accounts_admin: bool = False
    managing_organisation_id: int | None = None
    managing_role: Role | None = None
    is_root: bool = False
    active_organisation_id: int | None = None
    active_role: Role | None = None
    active_guest: GuestAccess | None = None
    active_environment_id: uuid.UUID | None = None
    environment_id: uuid.UUID | None = None
    via_generated_token: bool = False

    @property
    def is_staff(self) -> bool:
        return self.is_superuser or self.is_accounts_user or self.is_accounts_admin


ANONYMOUS = Principal()


class Nonces:
    """The nonces this process has accepted, each remembered as long as its signature could be replayed."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._next_sweep = 0.0

    def first_use(self, nonce: str, now: float) -> bool:
        if now >= self._next_sweep:
            self._until = {n: until for n, until in self._until.items() if until > now}
            self._next_sweep = now + MAX_SKEW_SECONDS
        if nonce in self._until:
            return False
        self._until[nonce] = now + 2 * MAX_SKEW_SECONDS
        return True


def _mac(key: bytes, signed: str) -> str:
    return hmac.new(key, signed.encode(), hashlib.sha256).hexdigest()


def _signed(timestamp: int, nonce: str, service: str, method: str, target: str, body: bytes, encoded: str) -> str:
    digest = hashlib.sha256(body).hexdigest()
    return f"{timestamp}\n{nonce}\n{service}\n{method.upper()}\n{target}\n{digest}\n{encoded}"


@functools.lru_cache(maxsize=4096)
def _encoded(principal: Principal) -> str:
    return base64.urlsafe_b64encode(principal.model_dump_json(exclude_defaults=True).encode()).decode()


@functools.lru_cache(maxsize=4096)
def _decoded(encoded: str) -> Principal:
    return Principal.model_validate_json(base64.urlsafe_b64decode(encoded))


def sign(
    key: bytes,
    principal: Principal,
    method: str,
    target: str,
    *,
    service: str,
    body: bytes = b"",
    now: float | None = None,
) -> dict[str, str]:
    """Headers that let ``service`` (only) run this one request (method, path and query, body) as ``principal``."""
    encoded, nonce = _encoded(principal), correlation.new_id()
    timestamp = int(now if now is not None else time.time())
    mac = _mac(key, _signed(timestamp, nonce, service, method, target, body, encoded))
    return {PRINCIPAL_HEADER: encoded, SIGNATURE_HEADER: f"t={timestamp},n={nonce},v1={mac}"}


def verify(
    key: bytes,
    headers: Mapping[str, str],
    method: str,
    target: str,
    *,
    service: str,
    body: bytes,
    nonces: Nonces,
    now: float | None = None,
) -> Principal:
    encoded, signature = headers.get(PRINCIPAL_HEADER), headers.get(SIGNATURE_HEADER)
    if not encoded or not signature:
        raise unauthorized("this service only answers requests signed by the gateway")
    try:
        parts = dict(p.split("=", 1) for p in signature.split(","))
        timestamp, nonce, mac = int(parts["t"]), parts["n"], parts["v1"]
    except (KeyError, ValueError) as exc:
        raise unauthorized("malformed principal signature") from exc
    current = now if now is not None else time.time()
    if abs(current - timestamp) > MAX_SKEW_SECONDS:
        raise unauthorized("principal signature expired")
    if not hmac.compare_digest(mac, _mac(key, _signed(timestamp, nonce, service, method, target, body, encoded))):
        raise unauthorized("principal signature does not match this request")
    if not nonces.first_use(nonce, current):
        raise unauthorized("principal signature already used")
    try:
        return _decoded(encoded)
    except (ValueError, ValidationError) as exc:
        raise unauthorized("malformed principal") from exc


_PRINCIPAL = web.RequestKey("principal", Principal)


def set_principal(request: web.Request, principal: Principal) -> None:
    request[_PRINCIPAL] = principal
    correlation.bind_actor(principal.user_id)


def principal_of(request: web.Request) -> Principal:
    principal = request.get(_PRINCIPAL)
    return principal if isinstance(principal, Principal) else ANONYMOUS
