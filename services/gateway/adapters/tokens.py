"""Bearer tokens: our JWTs (HS256 only, with kid, issuer and expiry) and generated organisation tokens (I01)."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt

ALGORITHM = "HS256"
GENERATED = re.compile(r"^[0-9a-f]{40}$")


class InvalidToken(Exception):
    """The token is malformed, expired, signed with an unknown key, or otherwise not ours."""


@dataclass(frozen=True)
class JwtCodec:
    """Verified tokens are remembered (a client sends the same one on every request) until they expire."""

    keys: list[tuple[str, bytes]]
    issuer: str
    ttl_seconds: int
    verified: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    max_verified: int = 10_000

    def issue(self, user_id: uuid.UUID, claims: dict[str, Any] | None = None, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        kid, secret = self.keys[0]
        payload = {
            **(claims or {}),
            "iss": self.issuer,
            "sub": str(user_id),
            "iat": issued,
            "exp": issued + self.ttl_seconds,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(payload, secret, algorithm=ALGORITHM, headers={"kid": kid})

    def verify(self, token: str, now: float | None = None) -> dict[str, Any]:
        claims = self.verified.get(token)
        if claims is not None and claims["exp"] > (now if now is not None else time.time()):
            return claims
        claims = self._decode(token)
        if len(self.verified) >= self.max_verified:
            self.verified.clear()
        self.verified[token] = claims
        return claims

    def _decode(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
            secret = dict(self.keys).get(header.get("kid", ""))
            if secret is None or header.get("alg") != ALGORITHM:
                raise InvalidToken("unknown signing key or algorithm")
            claims: dict[str, Any] = jwt.decode(
                token,
                secret,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        return claims


def generated_token(organisation_id: int, secret: str, at: int) -> str:
    """I01: eight hex digits of unix seconds, then MD5 of ``organisationId:timehex:secret``."""
    timehex = f"{at:08x}"
    digest = hashlib.md5(f"{organisation_id}:{timehex}:{secret}".encode(), usedforsecurity=False).hexdigest()
    return timehex + digest


def verify_generated_token(token: str, organisation_id: int, secret: str, tolerance: int, now: float) -> None:
    if not GENERATED.match(token):
        raise InvalidToken("not a generated token")
    issued = int(token[:8], 16)
    if abs(now - issued) > tolerance:
        raise InvalidToken(
            f"generated token timestamp {issued} is outside the accepted window of ±{tolerance} s "
            f"around the server time {int(now)}"
        )
    if not hmac.compare_digest(generated_token(organisation_id, secret, issued), token):
        raise InvalidToken("generated token signature does not match")
