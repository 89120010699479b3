"""The agent host: a machine that starts and stops agents when the ``remote`` provisioning driver asks."""

from __future__ import annotations

import uuid
from pathlib import Path

from aiohttp import web
from pydantic import ValidationError

from cenv_agent.config import HostSettings
from common.agents import AgentLaunch, AgentSpawner
from common.http.bodies import json_response, validation_errors
from common.http.middleware import error_middleware, signed_principal_middleware
from common.http.problems import Problem, not_found

SPAWNER = web.AppKey("spawner", AgentSpawner)


async def launch(request: web.Request) -> web.Response:
    try:
        agent = AgentLaunch.model_validate(await request.json())
    except ValidationError as exc:
        raise Problem(422, "not a valid agent launch", validation_errors(exc)) from exc
    pid = await request.app[SPAWNER].launch(agent)
    return json_response({"environment_id": agent.environment_id, "pid": pid}, 201)


async def terminate(request: web.Request) -> web.Response:
    try:
        environment_id = uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("agent") from exc
    await request.app[SPAWNER].terminate(environment_id)
    return web.Response(status=204)


async def health(_: web.Request) -> web.Response:
    return json_response({"status": "ok", "service": "cenv-agent-host"})


def create_host_app(settings: HostSettings) -> web.Application:
    key = settings.internal_key.get_secret_value().encode()
    app = web.Application(middlewares=[error_middleware, signed_principal_middleware(key)])
    app[SPAWNER] = AgentSpawner(Path(settings.state_dir).resolve())
    app.router.add_get("/health", health)
    app.router.add_get("/ready", health)
    app.router.add_post("/agents", launch)
    app.router.add_delete("/agents/{environment_id}", terminate)
    return app
