"""The agent host: one process running many environments' agents, started and stopped over HTTP.

The ``remote`` provisioning driver reaches it over TCP with requests signed by the internal key;
the ``local`` driver over a unix socket in a directory only its user can enter (the socket's
permissions are the credential, so a local host holds no platform secret).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web
from pydantic import ValidationError

from cenv_agent.contract.hosting import AGENT_HOST, AgentLaunch
from cenv_agent.pack import AgentPack
from common.http.bodies import json_response, validation_errors
from common.http.middleware import error_middleware, signed_principal_middleware
from common.http.problems import constraint_violation, not_found
from common.logging import get_logger

log = get_logger(__name__)
PACK = web.AppKey("pack", AgentPack)


async def launch(request: web.Request) -> web.Response:
    try:
        agent = AgentLaunch.model_validate(await request.json())
    except ValidationError as exc:
        raise constraint_violation(validation_errors(exc), "not a valid agent launch") from exc
    await request.app[PACK].launch(agent)
    return json_response({"environment_id": agent.environment_id}, 201)


async def terminate(request: web.Request) -> web.Response:
    try:
        environment_id = uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("agent") from exc
    await request.app[PACK].terminate(environment_id)
    return web.Response(status=204)


async def running(request: web.Request) -> web.Response:
    return json_response({"environment_ids": [str(i) for i in request.app[PACK].running()]})


async def health(_: web.Request) -> web.Response:
    return json_response({"status": "ok", "service": "cenv-agent-host"})


def create_host_app(state_dir: Path, internal_key: bytes | None) -> web.Application:
    """``internal_key`` None: no request signatures (the unix socket's permissions guard the host)."""
    signed = [signed_principal_middleware(internal_key, AGENT_HOST)] if internal_key else []
    middlewares = [error_middleware, *signed]
    app = web.Application(middlewares=middlewares)
    app[PACK] = AgentPack(state_dir.resolve())
    app.cleanup_ctx.append(_agents)
    app.router.add_get("/health", health)
    app.router.add_get("/ready", health)
    app.router.add_get("/agents", running)
    app.router.add_post("/agents", launch)
    app.router.add_delete("/agents/{environment_id}", terminate)
    return app


async def _agents(app: web.Application) -> AsyncIterator[None]:
    resumed = app[PACK].resume()
    log.info("agent_host_started", resumed=resumed)
    yield
    await app[PACK].close()
