"""Creating, reading and acting on environments (A029–A037), and their history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from common.http.app import RUNTIME
from common.http.bodies import created, json_response, read_model
from common.http.lists import page, schema_handler
from common.http.principal import principal_of
from common.listing import Field, ListSpec
from environments.context import SCHEMA, from_request
from environments.contract.schemas import CreateEnvironment, UpgradeEnvironment
from environments.domain.lifecycle import Action
from environments.entrypoints.http.access import admin_environment, environment_id_of, visible_environment
from environments.entrypoints.http.views import environment_details, environment_view, guest_view, history_entry, uri
from environments.service_layer import lifecycle

SWITCH_HEADER = "X-Switchyard-Switch-To"


async def create(request: web.Request) -> web.Response:
    body = await read_model(request, CreateEnvironment)
    service = from_request(request)
    environment_id = await lifecycle.create(
        service.run, service.catalogue, principal_of(request), body.name, body.cloud_provider, body.region,
        body.instance_type,
    )  # fmt: skip
    row = await request.app[RUNTIME].pool.fetchrow(f"SELECT * FROM {SCHEMA}.environments WHERE id = $1", environment_id)
    return created(environment_view(row), uri(environment_id))


async def details(request: web.Request) -> web.Response:
    row, view = await visible_environment(request)
    if view == "guest":
        return json_response(guest_view(row))
    principal, headers = principal_of(request), {}
    first_read = row["state"] == "running" and not row["creation_acknowledged"] and principal.user_id
    if (
        first_read
        and principal.user_id
        and await lifecycle.acknowledge_creation(from_request(request).run, row["id"], principal.user_id)
    ):
        # the gateway switches this user to the environment and adds a jwt_token to the body
        headers[SWITCH_HEADER] = f"{row['organisation_id']}/{row['id']}"
    return json_response(environment_details(row), headers=headers)


def _action(action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        await admin_environment(request)
        target = (await read_model(request, UpgradeEnvironment)).target_version if action == "upgrade" else None
        await lifecycle.act(from_request(request).run, environment_id_of(request), action, target)
        row = await request.app[RUNTIME].pool.fetchrow(
            f"SELECT * FROM {SCHEMA}.environments WHERE id = $1", environment_id_of(request)
        )
        return json_response(environment_view(row), 202)

    handler.__name__ = f"{action}_environment"
    return handler


HISTORY = ListSpec(
    source=f"{SCHEMA}.environment_history",
    fields=[
        Field("version", "integer", help="the event's position in the environment's stream"),
        Field("event", help="what happened, e.g. LifecycleCommandIssued or CommandCompleted"),
        Field("previous_state", nullable=True),
        Field("state", nullable=True, help="the lifecycle state after it"),
        Field("reason", nullable=True),
        Field("at", "datetime"),
    ],
    key="version",
    default_order="version",
    default_limit=100,
)


async def history(request: web.Request) -> web.Response:
    row, _ = await visible_environment(request)
    return await page(request, HISTORY, history_entry, ["environment_id = $1"], [row["id"]])


HANDLERS = {
    "environments.create": create,
    "environments.details": details,
    "environments.upgrade": _action("upgrade"),
    "environments.delete": _action("delete"),
    "environments.quick_update": _action("update"),
    "environments.restart": _action("restart"),
    "environments.start": _action("start"),
    "environments.stop": _action("stop"),
    "environments.history": history,
    "environments.history_schema": schema_handler(HISTORY, "What happened to an environment, oldest first"),
}
