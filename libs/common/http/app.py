"""``create_app()``: one aiohttp application per service, its resources owned by ``cleanup_ctx``.

The order of the contexts is the order of start-up (and reverse of shutdown): the database pool
(migrating first if asked), the bus connection and publisher, then the workers that use both:
the outbox relay, the consumers and any background loops.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import uvloop
from aio_pika.abc import AbstractRobustConnection
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from common import db
from common.bus.admission import Admit
from common.bus.consumer import Authorise, Consumer, Handler, OwnTransaction
from common.bus.publisher import Publisher
from common.bus.topology import Topology, declare_exchanges
from common.contracts import Message
from common.eventstore.postgres import PostgresEventStore
from common.housekeeping import prune_forever
from common.http.forwarded import Network, forwarded_for_middleware
from common.http.idempotency import idempotency_middleware
from common.http.middleware import context_middleware, error_middleware, signed_principal_middleware
from common.http.problems import Problem
from common.logging import get_logger
from common.migrations import upgrade_async
from common.outbox import OutboxRelay, ReplacementKey, Translate
from common.settings import ServiceSettings

log = get_logger(__name__)


@dataclass
class Runtime:
    """What handlers reach through ``request.app[RUNTIME]``: the service's live resources."""

    service: str
    settings: ServiceSettings
    topology: Topology
    app: web.Application
    pool: asyncpg.Pool = field(init=False)
    store: PostgresEventStore = field(init=False)
    connection: AbstractRobustConnection = field(init=False)
    publisher: Publisher = field(init=False)

    def consumer(
        self,
        queue: str,
        handlers: Mapping[type[Message], Handler | OwnTransaction],
        *,
        prefetch: int | None = None,
        authorise: Authorise | None = None,
        admit: Admit | None = None,
    ) -> Consumer:
        """A consumer of this service's store, on a queue its contract subscribes (and binds every handled type)."""
        subscribed = self.topology.queue(queue)
        unbound = [m.TYPE for m in handlers if not subscribed.receives_type(m)]
        if unbound:
            raise ValueError(f"{queue} handles {unbound} but its subscription does not bind them")
        return Consumer(
            service=self.service,
            queue=subscribed,
            handlers=handlers,
            store=self.store,
            prefetch=prefetch or self.settings.consumer_prefetch,
            authorise=authorise,
            admit=admit,
        )


RUNTIME = web.AppKey("runtime", Runtime)
Worker = Callable[[Runtime], Coroutine[Any, Any, None]]
Hook = Callable[[Runtime], Coroutine[Any, Any, None]]


@dataclass
class ServiceSpec:
    name: str
    schema: str
    migrations: Path
    settings: ServiceSettings
    setup_routes: Callable[[web.Application], None]
    topology: Topology = field(default_factory=Topology)
    translate: Translate | None = None
    replacement_key: ReplacementKey | None = None  # of events a later one replaces (``common.outbox``)
    consumers: Callable[[Runtime], Sequence[Consumer]] = lambda _: ()
    workers: Sequence[Worker] = ()
    on_start: Sequence[Hook] = ()
    on_stop: Sequence[Hook] = ()
    authenticate: Callable[..., Awaitable[web.StreamResponse]] | None = None
    # A service that faces the public serves /metrics on a port of its own, for the scraper only.
    metrics_port: int | None = None
    middlewares: Sequence[Callable[..., Awaitable[web.StreamResponse]]] = ()
    # reverse proxies whose X-Forwarded-For names the client (a service that faces the public, behind a balancer)
    trusted_proxies: Sequence[Network] = ()


def create_app(spec: ServiceSpec) -> web.Application:
    authenticate = spec.authenticate or signed_principal_middleware(
        spec.settings.internal_key.get_secret_value().encode(), spec.name
    )
    app = web.Application(
        client_max_size=spec.settings.max_body_bytes,
        middlewares=[
            *([forwarded_for_middleware(spec.trusted_proxies)] if spec.trusted_proxies else []),
            context_middleware(spec.name),
            error_middleware,
            authenticate,
            idempotency_middleware(lambda: app[RUNTIME].pool, spec.schema),
            *spec.middlewares,
        ],
    )
    runtime = Runtime(spec.name, spec.settings, spec.topology, app)
    app[RUNTIME] = runtime
    app.cleanup_ctx.extend([_database(spec), _bus(spec), _workers(spec)])
    app.router.add_get("/health", _health)
    app.router.add_get("/ready", _ready)
    if spec.metrics_port is None:
        app.router.add_get("/metrics", _metrics)
    else:
        app.cleanup_ctx.append(_metrics_site(spec.settings.host, spec.metrics_port))
    spec.setup_routes(app)
    return app


def _database(spec: ServiceSpec) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        if spec.settings.migrate_on_start:
            await upgrade_async(spec.settings.database_url, spec.schema, spec.migrations)
        runtime.pool = await db.create_pool(spec.settings.database_url, max_size=spec.settings.db_pool_max)
        runtime.store = PostgresEventStore(runtime.pool, spec.schema)
        yield
        await runtime.pool.close()

    return context


def _bus(spec: ServiceSpec) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        runtime.connection = await aio_pika.connect_robust(
            spec.settings.amqp_url, client_properties={"connection_name": spec.name}
        )
        async with runtime.connection.channel() as channel:
            await declare_exchanges(channel)
        runtime.publisher = Publisher(spec.name)
        await runtime.publisher.open(runtime.connection)
        yield
        await runtime.publisher.close()
        await runtime.connection.close()

    return context


def _workers(spec: ServiceSpec) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        for hook in spec.on_start:
            await hook(runtime)
        tasks: list[asyncio.Task[None]] = [
            asyncio.create_task(worker(runtime), name=getattr(worker, "__name__", "worker")) for worker in spec.workers
        ]
        if spec.translate is not None:
            relay = OutboxRelay(
                service=spec.name,
                schema=spec.schema,
                database_url=spec.settings.database_url,
                publisher=runtime.publisher,
                translate=spec.translate,
                replacement_key=spec.replacement_key,
                topology=spec.topology,
                poll_seconds=spec.settings.relay_poll_seconds,
            )
            runtime.store.on_commit(relay.wake)
            tasks.append(asyncio.create_task(relay.run(), name="outbox-relay"))
        tasks.append(asyncio.create_task(prune_forever(runtime.pool, spec.schema), name="housekeeping"))
        consumers = list(spec.consumers(runtime))
        for consumer in consumers:
            await consumer.start(runtime.connection)
        yield
        for consumer in consumers:
            await consumer.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for hook in spec.on_stop:
            await hook(runtime)

    return context


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "service": request.app[RUNTIME].service})


async def _ready(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    checks = {"postgres": False, "rabbitmq": False}
    try:
        checks["postgres"] = await asyncio.wait_for(runtime.pool.fetchval("SELECT true"), 2)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
        log.warning("ready_check_failed", dependency="postgres")
    checks["rabbitmq"] = not runtime.connection.is_closed and runtime.connection.connected.is_set()
    if not all(checks.values()):
        failing = ", ".join(k for k, ok in checks.items() if not ok)
        raise Problem(503, f"not ready: {failing} unreachable")
    return web.json_response({"status": "ready", "checks": checks})


async def _metrics(_: web.Request) -> web.Response:
    response = web.Response(body=generate_latest())
    response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    return response


def metrics_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/metrics", _metrics)
    return app


def _metrics_site(host: str, port: int) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(_: web.Application) -> AsyncIterator[None]:
        runner = web.AppRunner(metrics_app(), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        yield
        await runner.cleanup()

    return context


def serve(app: web.Application, **where: Any) -> None:
    """Serve an application on uvloop (the event loop every platform process runs on) until interrupted."""
    uvloop.install()
    web.run_app(app, access_log=None, print=None, **where)


def run(spec: ServiceSpec) -> None:
    serve(create_app(spec), host=spec.settings.host, port=spec.settings.port, shutdown_timeout=10)
