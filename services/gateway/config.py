"""Gateway settings, read from the environment."""

from __future__ import annotations

import hashlib
import hmac
from ipaddress import IPv4Network, IPv6Network
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from common.mail import SmtpEnvironment
from common.settings import ServiceSettings
from switchyard.services import BEHIND_THE_GATEWAY, port_setting, url_setting


class GatewaySettings(ServiceSettings, SmtpEnvironment):
    port: int = port_setting("gateway")
    jwt_keys: SecretStr | None = Field(None, validation_alias="SWITCHYARD_JWT_KEYS")
    jwt_ttl_seconds: int = Field(8 * 3600, validation_alias="SWITCHYARD_JWT_TTL_SECONDS")
    jwt_issuer: str = Field("switchyard", validation_alias="SWITCHYARD_JWT_ISSUER")
    environments_url: str = url_setting("environments")
    streams_url: str = url_setting("streams")
    scheduler_url: str = url_setting("scheduler")
    billing_url: str = url_setting("billing")
    alerts_url: str = url_setting("alerts")
    login_window_seconds: int = Field(900, validation_alias="SWITCHYARD_LOGIN_WINDOW_SECONDS")
    login_failures_per_account: int = Field(5, validation_alias="SWITCHYARD_LOGIN_FAILURES_PER_ACCOUNT")
    login_failures_per_address: int = Field(20, validation_alias="SWITCHYARD_LOGIN_FAILURES_PER_ADDRESS")
    metrics_port: int = Field(9080, validation_alias="SWITCHYARD_GATEWAY_METRICS_PORT")
    login_failures_per_account_anywhere: int = Field(
        100, validation_alias="SWITCHYARD_LOGIN_FAILURES_PER_ACCOUNT_ANYWHERE"
    )
    trusted_proxies: Annotated[list[IPv4Network | IPv6Network], NoDecode] = Field(
        default_factory=list,
        validation_alias="SWITCHYARD_TRUSTED_PROXIES",
        description="comma-separated networks of the reverse proxies in front of the gateway",
    )
    upstream_timeout_seconds: float = Field(30, validation_alias="SWITCHYARD_UPSTREAM_TIMEOUT_SECONDS")
    principal_watch_seconds: float = Field(0.2, validation_alias="SWITCHYARD_PRINCIPAL_WATCH_SECONDS")
    generated_token_tolerance_seconds: int = Field(300, validation_alias="SWITCHYARD_GENERATED_TOKEN_TOLERANCE")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: Any) -> Any:
        return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value

    def service_url(self, service: str) -> str:
        return str(getattr(self, f"{service}_url")).rstrip("/")

    def signing_keys(self) -> list[tuple[str, bytes]]:
        """(kid, secret) pairs; the first signs, all verify. Defaults to one key derived from the internal key."""
        if self.jwt_keys is None:
            derived = hmac.new(self.internal_key.get_secret_value().encode(), b"jwt-signing", hashlib.sha256)
            return [("derived-1", derived.digest())]
        pairs = []
        for item in self.jwt_keys.get_secret_value().split(","):
            kid, _, secret = item.strip().partition(":")
            if not kid or len(secret) < 32:
                raise ValueError("SWITCHYARD_JWT_KEYS must be kid:secret pairs with secrets of 32+ characters")
            pairs.append((kid, secret.encode()))
        return pairs


_UNREACHABLE = [s for s in BEHIND_THE_GATEWAY if f"{s}_url" not in GatewaySettings.model_fields]
if _UNREACHABLE:
    raise RuntimeError(f"the gateway has no URL setting for {_UNREACHABLE}")
