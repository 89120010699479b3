"""The gateway and every service that owns routes, in-process and wired together, with the cast of callers and
their resources: a route added to any service is tried by the role-matrix tests without touching this file."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from common import credentials
from common.http.app import RUNTIME, ServiceSpec, create_app
from common.http.principal import ANONYMOUS, Principal
from environments.context import context_of
from gateway.context import GATEWAY
from gateway.service_layer.accounts import bootstrap_superuser, register_user
from switchyard.contracts import routes_of
from switchyard.services import BEHIND_THE_GATEWAY, by_name
from tests.integration.access.cast import Member, World, guest_of, user
from tests.support.api import Api
from tests.support.services import spec_of
from tests.support.waiting import eventually

ROUTE_OWNERS = [name for name in BEHIND_THE_GATEWAY if routes_of(name)]


SLACK_SIGNING_SECRET = "access-slack-signing-secret"


@pytest.fixture(scope="module")
async def world(
    database_url: str, amqp_url: str, management_url: str, internal_key: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    settings = {
        "DATABASE_URL": database_url, "AMQP_URL": amqp_url, "SWITCHYARD_INTERNAL_KEY": internal_key,
        "RABBITMQ_MANAGEMENT_URL": management_url,
        "SWITCHYARD_AGENT_STATE_DIR": str(tmp_path_factory.mktemp("access-agents")),
        "SWITCHYARD_LOGIN_FAILURES_PER_ACCOUNT": 1000, "SWITCHYARD_LOGIN_FAILURES_PER_ADDRESS": 10_000,
        "SWITCHYARD_SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
    }  # fmt: skip
    async with AsyncExitStack() as running:
        services = {name: await _started(running, spec_of(name, **settings)) for name in ROUTE_OWNERS}
        urls = {by_name(name).url_variable: str(server.make_url("")).rstrip("/") for name, server in services.items()}
        gateway = await _started(running, spec_of("gateway", **settings, **urls))
        async with aiohttp.ClientSession() as session:
            anonymous = Api(session, str(gateway.make_url("")).rstrip("/"))
            world = await _cast(anonymous, gateway, internal_key)
            world.services = ["gateway", *services]
            yield world
            for environment_id in (world.environment_a, world.environment_b):
                await context_of(services["environments"].app[RUNTIME]).driver.terminate(uuid.UUID(environment_id))


async def _started(running: AsyncExitStack, spec: ServiceSpec) -> TestServer:
    server = TestServer(create_app(spec))
    await server.start_server()
    running.push_async_callback(server.close)
    return server


async def _sign_in(anonymous: Api, gateway: TestServer, name: str, **flags: bool) -> Api:
    email, password = f"{name}-{uuid.uuid4().hex[:8]}@example.com", secrets.token_urlsafe(12)
    await register_user(gateway.app[GATEWAY].units, email, password, **flags)
    return await anonymous.login(email, password)


async def _cast(anonymous: Api, gateway: TestServer, key: str) -> World:
    world = World()
    store = gateway.app[GATEWAY].units
    su_email, su_password = f"su-{uuid.uuid4().hex[:6]}@example.com", secrets.token_urlsafe(12)
    await bootstrap_superuser(store, su_email, su_password)
    add = world.members.__setitem__
    add("anonymous", Member("anonymous", anonymous, ANONYMOUS))
    add("superuser", Member("superuser", await anonymous.login(su_email, su_password), user(None, is_superuser=True)))
    accounts_admin = await _sign_in(anonymous, gateway, "acc-admin", is_accounts_admin=True)
    add("accounts_admin", Member("accounts_admin", accounts_admin, user(None, is_accounts_admin=True)))
    accounts_user = await _sign_in(anonymous, gateway, "acc-user", is_accounts_user=True)
    add("accounts_user", Member("accounts_user", accounts_user, user(None, is_accounts_user=True)))

    a_root = await _sign_in(anonymous, gateway, "a-root")
    world.organisation_a = (await a_root.post("/api/organisations", {"name": "Org A"})).ok(201)["id"]
    a_root = await _relogin(a_root)
    add("a_root", Member("a_root", a_root, user(world.organisation_a, "admin", is_root=True)))
    for role in ("admin", "operator", "monitor"):
        email = f"a-{role}-{uuid.uuid4().hex[:6]}@example.com"
        added = (await a_root.post("/api/organisation/users", {"email": email, "permission_type": role})).ok(201)
        api = await anonymous.first_login(email, added["password"])
        add(f"a_{role}", Member(f"a_{role}", api, user(world.organisation_a, role)))
        if role == "monitor":
            world.monitor_a_user_id, world.monitor_a_email = await api.user_id(), email

    b_admin = await _sign_in(anonymous, gateway, "b-admin")
    world.organisation_b = (await b_admin.post("/api/organisations", {"name": "Org B"})).ok(201)["id"]
    add("b_admin", Member("b_admin", b_admin, user(world.organisation_b, "admin", is_root=True)))

    g_admin = await _sign_in(anonymous, gateway, "g-admin")
    organisation_g = (await g_admin.post("/api/organisations", {"name": "Org G"})).ok(201)["id"]
    invitation = (await a_root.post("/api/source_invitations", {"destination_temporary_name": "G"})).ok(201)
    world.invitation_a, world.invitation_token_a = invitation["id"], invitation["source_invitation_token"]
    await g_admin.post("/api/source_invitations/accept", {"source_invitation_token": world.invitation_token_a})
    switched = await g_admin.post("/api/user/active_organisation", {"organisation_id": world.organisation_a})
    add(
        "g_admin",
        Member("g_admin", g_admin.as_(switched.ok()["jwt_token"]), guest_of(organisation_g, world.organisation_a)),
    )

    t_admin = await _sign_in(anonymous, gateway, "t-admin")
    world.organisation_t = (await t_admin.post("/api/organisations", {"name": "Org T"})).ok(201)["id"]
    world.token_secret_t = (await t_admin.post("/api/organisation/token")).ok(201)["secret"]

    world.label_a = (await world["a_admin"].api.post("/api/labels", {"text": "sport"})).ok(201)["id"]
    group = {"name": "Europe", "group_type": "source"}
    world.group_a = (await world["a_operator"].api.post("/api/dashboard_groups", group)).ok(201)["id"]
    method = {"name": "On call", "alert_type": "email", "notification_parameters": ["on-call@example.com"]}
    world.alert_method_a = (await world["a_operator"].api.post("/api/alert_methods", method)).ok(201)["id"]
    world.credit_a = await _billing_objects(world)
    world.environment_a = (await world["a_admin"].api.post("/api/customer_environment", {"name": "a1"})).ok(201)["id"]
    world.environment_b = (await b_admin.post("/api/customer_environment", {"name": "b1"})).ok(201)["id"]
    await _known_to_gateway(gateway, world.environment_a)
    world.input_a = await _input_on(world["a_operator"].api, world.environment_a)
    outputs = f"/api/customer_environment/{world.environment_a}/outputs"
    output = await world["a_operator"].api.post(f"{outputs}/srt_listener", {"id": "out-a"})
    world.output_a = str(output.ok(201)["resource_uri"])
    await _running_for_streams(world["a_admin"].api, world.environment_a)
    world.schedule_a = await _schedule_of(world["a_operator"].api)
    world.event_a = await _event_of(world["a_operator"].api)
    [facade_event] = (await world["a_operator"].api.get("/event-center-api/v3/events")).ok()["data"]
    world.event_center_a = f"/event-center-api/v3/events/{facade_event['id']}"
    agent_token = credentials.agent_credential(key.encode(), uuid.UUID(world.environment_a))
    add("a_agent", Member("a_agent", anonymous.as_(agent_token),
                          Principal(kind="agent", environment_id=uuid.UUID(world.environment_a),
                                    active_organisation_id=world.organisation_a)))  # fmt: skip
    worker = credentials.worker_credential(key.encode(), "billing")
    add("cloud_worker", Member("cloud_worker", anonymous.as_(worker), Principal(kind="cloud_worker")))
    return world


async def _billing_objects(world: World) -> str:
    """Organisation A's billing details, a custom price and a credit, once billing has heard of A from the gateway."""
    price = {"currency": "usd", "item": "stream_hours", "bitrate": 10, "amount": "0.15"}
    pricing = f"/api/organisations/{world.organisation_a}/pricing"

    async def priced() -> None:
        reply = await world["accounts_user"].api.put(pricing, price)
        assert reply.status == 200, reply.body

    await eventually(priced, within=20)
    details = {"company_name": "Org A", "first_name": "Ada", "last_name": "Root", "address_line1": "1 Main St",
               "address_city": "Leeds", "address_postal_code": "LS1 1AA", "address_country_code": "GB",
               "org_reg_number": "01234567", "org_vat_number": "GB123456789"}  # fmt: skip
    (await world["a_admin"].api.put("/api/billing_details", details)).ok()
    credit = {"amount": "50", "note": "Welcome"}
    return str(
        (await world["superuser"].api.post(f"/api/organisations/{world.organisation_a}/credits", credit)).ok(201)["id"]
    )


async def _relogin(api: Api) -> Api:
    """A fresh token after the organisation became the user's managing one."""
    me = (await api.get("/api/user")).ok()
    switched = await api.post("/api/user/managing_organisation", {"organisation_id": me["managing_organisation_id"]})
    return api.as_(switched.ok()["jwt_token"])


async def _input_on(api: Api, environment_id: str) -> str:
    """A Zixi push input, created once streams has heard of the environment from the environments service."""
    inputs = f"/api/customer_environment/{environment_id}/inputs"

    async def created() -> str:
        reply = await api.post(f"{inputs}/zixi_push", {"id": "cam-a"})
        assert reply.status == 201, reply.body
        return str(reply.body["resource_uri"])

    return str(await eventually(created, within=20))


async def _schedule_of(api: Api) -> str:
    """A schedule of cam-a to out-a, once the scheduler has heard of both from streams."""

    async def created() -> str:
        body = {"input_id": "cam-a", "output_id": "out-a", "start_time": "2999-01-01T10:00:00Z",
                "end_time": "2999-01-01T11:00:00.000+00:00"}  # fmt: skip
        reply = await api.post("/api/schedules", body)
        assert reply.status == 201, reply.body
        return str(reply.body["resource_uri"])

    return str(await eventually(created, within=20))


async def _event_of(api: Api) -> str:
    """An event showing cam-a, once the scheduler has heard that its environment runs."""

    async def created() -> str:
        body = {"input_id": "cam-a", "name": "Final", "start_time": "2999-01-01T10:00:00Z",
                "end_time": "2999-01-01T11:00:00Z"}  # fmt: skip
        reply = await api.post("/api/events", body)
        assert reply.status == 201, reply.body
        return str(reply.body["resource_uri"])

    return str(await eventually(created, within=20))


async def _running_for_streams(api: Api, environment_id: str) -> None:
    """Streams has heard that the environment runs (its outputs' state and the inputs dropdown need it)."""

    async def running() -> None:
        reply = await api.get(f"/api/customer_environment/{environment_id}/outputs_state")
        assert reply.status == 200, reply.body

    await eventually(running, within=60)


async def _known_to_gateway(gateway: TestServer, environment_id: str) -> None:
    async def known() -> None:
        sql = "SELECT true FROM gateway.environment_directory WHERE environment_id = $1"
        assert await gateway.app[RUNTIME].pool.fetchval(sql, uuid.UUID(environment_id))

    await eventually(known, within=20)
