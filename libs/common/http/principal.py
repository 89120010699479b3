"""Who is calling: the principal the gateway resolves, signs and forwards to services.

The gateway sends ``X-Switchyard-Principal`` (base64url JSON) and ``X-Switchyard-Signature``
(``t=<unix seconds>,v1=<hex HMAC-SHA256>``) over the timestamp, method, raw path and principal.
Services accept a request only with a fresh, valid signature, so nothing but the gateway can
speak for a user.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from typing import Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from common import correlation
from common.http.problems import unauthorized

PRINCIPAL_HEADER = "X-Switchyard-Principal"
SIGNATURE_HEADER = "X-Switchyard-Signature"
MAX_SKEW_SECONDS = 60

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


def _mac(key: bytes, timestamp: int, method: str, raw_path: str, encoded: str) -> str:
    message = f"{timestamp}\n{method.upper()}\n{raw_path}\n{encoded}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(key: bytes, principal: Principal, method: str, raw_path: str, now: float | None = None) -> dict[str, str]:
    encoded = base64.urlsafe_b64encode(principal.model_dump_json(exclude_defaults=True).encode()).decode()
    timestamp = int(now if now is not None else time.time())
    return {
        PRINCIPAL_HEADER: encoded,
        SIGNATURE_HEADER: f"t={timestamp},v1={_mac(key, timestamp, method, raw_path, encoded)}",
    }


def verify(key: bytes, headers: dict[str, str], method: str, raw_path: str, now: float | None = None) -> Principal:
    encoded, signature = headers.get(PRINCIPAL_HEADER), headers.get(SIGNATURE_HEADER)
    if not encoded or not signature:
        raise unauthorized("this service only answers requests signed by the gateway")
    try:
        parts = dict(p.split("=", 1) for p in signature.split(","))
        timestamp = int(parts["t"])
        mac = parts["v1"]
    except (KeyError, ValueError) as exc:
        raise unauthorized("malformed principal signature") from exc
    current = now if now is not None else time.time()
    if abs(current - timestamp) > MAX_SKEW_SECONDS:
        raise unauthorized("principal signature expired")
    if not hmac.compare_digest(mac, _mac(key, timestamp, method, raw_path, encoded)):
        raise unauthorized("principal signature does not match")
    try:
        return Principal.model_validate_json(base64.urlsafe_b64decode(encoded))
    except (ValueError, ValidationError) as exc:
        raise unauthorized("malformed principal") from exc


_PRINCIPAL = web.RequestKey("principal", Principal)


def set_principal(request: web.Request, principal: Principal) -> None:
    request[_PRINCIPAL] = principal
    correlation.bind_actor(principal.user_id)


def principal_of(request: web.Request) -> Principal:
    principal = request.get(_PRINCIPAL)
    return principal if isinstance(principal, Principal) else ANONYMOUS
