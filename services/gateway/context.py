"""What the gateway's handlers share: settings, token codec, throttle, and the client that forwards."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import asyncpg
from aiohttp import web

from common.http.app import Runtime
from common.mail import Postbox, mailer_for
from gateway.adapters.read_cache import ReadCache, watch_log
from gateway.adapters.throttle import Limits, LoginThrottle
from gateway.adapters.tokens import JwtCodec
from gateway.adapters.units import PostgresUnits
from gateway.config import GatewaySettings

SCHEMA = "gateway"


@dataclass
class Gateway:
    settings: GatewaySettings
    pool: asyncpg.Pool
    runtime: Runtime
    jwt: JwtCodec
    throttle: LoginThrottle
    client: aiohttp.ClientSession
    reads: ReadCache
    units: PostgresUnits
    postbox: Postbox

    @property
    def internal_key(self) -> bytes:
        return self.settings.internal_key.get_secret_value().encode()


async def open_gateway(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, GatewaySettings)
    reads = ReadCache()
    runtime.store.on_commit(reads.invalidate)
    runtime.app[GATEWAY] = Gateway(
        settings=settings,
        pool=runtime.pool,
        runtime=runtime,
        jwt=JwtCodec(settings.signing_keys(), settings.jwt_issuer, settings.jwt_ttl_seconds),
        throttle=LoginThrottle(runtime.pool, SCHEMA, settings.login_window_seconds, _limits(settings)),
        client=aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=settings.upstream_timeout_seconds, connect=5),
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),  # the platform's services set no cookies
        ),
        reads=reads,
        units=PostgresUnits(runtime.store),
        postbox=Postbox(mailer_for(settings.mail_settings())),
    )


async def close_gateway(runtime: Runtime) -> None:
    gateway = runtime.app.get(GATEWAY)
    if gateway is not None:
        await gateway.client.close()
        await gateway.postbox.drain()


def _limits(settings: GatewaySettings) -> Limits:
    return Limits(
        per_account_and_address=settings.login_failures_per_account,
        per_address=settings.login_failures_per_address,
        per_account=settings.login_failures_per_account_anywhere,
    )


GATEWAY = web.AppKey("gateway", Gateway)


def gateway_of(request: web.Request) -> Gateway:
    return request.app[GATEWAY]


async def watch_principals(runtime: Runtime) -> None:
    """Other replicas' permission changes reach this replica's principal cache within a poll."""
    gateway = runtime.app[GATEWAY]
    await watch_log(gateway.pool, SCHEMA, gateway.reads, gateway.settings.principal_watch_seconds)
