"""What agents, cloud workers and staff ask of an environment's schedules: a refresh (A200 by its agent, A201 by a
cloud worker) and a dump of the agent's live state beside the scheduler's view (A202)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web

from cenv_agent.contract.schedules import DumpScheduleState
from common.bus.publisher import Returned
from common.correlation import new_id
from common.http.app import RUNTIME
from common.http.bodies import json_response, read_model
from common.http.principal import principal_of
from common.http.problems import not_found
from scheduler.config import SCHEMA, SchedulerSettings
from scheduler.context import run_of, utc_now
from scheduler.contract.schemas import AgentSide, RefreshSchedules, RefreshView, ScheduleDumpView, SchedulerSide
from scheduler.service_layer import sets

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
POLL_SECONDS = 0.05


def _environment_id(request: web.Request) -> uuid.UUID:
    try:
        return uuid.UUID(request.match_info["environment_id"])
    except ValueError as exc:
        raise not_found("environment") from exc


async def _refresh(request: web.Request, environment_id: uuid.UUID, instance_type: str | None = None) -> web.Response:
    version = await sets.refresh(run_of(request), environment_id, utc_now(), instance_type)
    return json_response(RefreshView(environment_id=environment_id, version=version))


async def refresh(request: web.Request) -> web.Response:
    environment_id = _environment_id(request)
    if principal_of(request).environment_id != environment_id:
        raise not_found("environment")
    return await _refresh(request, environment_id, (await read_model(request, RefreshSchedules)).instance_type)


async def worker_refresh(request: web.Request) -> web.Response:
    return await _refresh(request, _environment_id(request))


async def dump(request: web.Request) -> web.Response:
    environment_id, runtime = _environment_id(request), request.app[RUNTIME]
    if await runtime.pool.fetchval(f"SELECT state FROM {SCHEMA}.environments WHERE id = $1", environment_id) is None:
        raise not_found("environment")
    held, items = await sets.view(run_of(request), environment_id)
    ours = SchedulerSide(version=held.version, agent_version=held.applied, entries=items)
    agent = await _ask_agent(request, environment_id)
    agree = agent is not None and (agent.version, agent.entries) == (ours.version, ours.entries)
    return json_response(ScheduleDumpView(environment_id=environment_id, scheduler=ours, agent=agent, agree=agree))


async def _ask_agent(request: web.Request, environment_id: uuid.UUID) -> AgentSide | None:
    runtime = request.app[RUNTIME]
    settings = runtime.settings
    assert isinstance(settings, SchedulerSettings)
    command_id = uuid.uuid4()
    try:
        await runtime.publisher.publish(DumpScheduleState(environment_id=environment_id, command_id=command_id),
                                        correlation_id=new_id())  # fmt: skip
    except Returned:
        return None  # no agent queue: the environment has no agent (yet, or any more)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.dump_wait_seconds
    while loop.time() < deadline:
        body = await runtime.pool.fetchval(f"SELECT body FROM {SCHEMA}.agent_dumps WHERE command_id = $1", command_id)
        if body is not None:
            answer = json.loads(body)
            return AgentSide(version=answer["version"], entries=answer["entries"], running=answer["running"])
        await asyncio.sleep(POLL_SECONDS)
    return None


HANDLERS: dict[str, Handler] = {
    "schedules.refresh": refresh,
    "schedules.worker_refresh": worker_refresh,
    "schedules.dump": dump,
}
