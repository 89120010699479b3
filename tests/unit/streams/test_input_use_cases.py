"""Input use cases on the in-memory unit of work: ports stay unique per environment, ids per organisation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from common.errors import Conflict, NotFound
from common.unit_of_work import UnitOfWork
from streams.contract.inputs import InputKind
from streams.domain.ports import PortRange
from streams.service_layer import inputs
from tests.unit.streams.service import InMemoryStreams

ORG, OTHER = 1000, 2000
PORTS = PortRange(20000, 20999)
PUSH = {"latency": 6000, "user_description": None, "max_allowed_bitrate_kbps": None}


async def environment(service: InMemoryStreams, state: str = "running", organisation_id: int = ORG) -> uuid.UUID:
    environment_id = uuid.uuid4()
    await noted(service, environment_id, state, organisation_id)
    return environment_id


async def noted(service: InMemoryStreams, environment_id: uuid.UUID, state: str, organisation_id: int = ORG) -> None:
    async def unit(work: UnitOfWork) -> None:
        await inputs.environment_noted(work, environment_id, organisation_id, state, datetime.now(UTC))

    await service.run(unit)


async def create(service: InMemoryStreams, env: uuid.UUID, input_id: str, kind: InputKind = "zixi_push",
                 scope: int | None = ORG, **settings: Any) -> None:  # fmt: skip
    await inputs.create(service.run, scope, env, input_id, kind, {**PUSH, "port": None, **settings}, PORTS)


async def test_listeners_get_free_ports_and_a_deleted_one_frees_its_port() -> None:
    service = InMemoryStreams()
    env = await environment(service)
    for input_id in ("a", "b", "c"):
        await create(service, env, input_id)
    assert (await service.environment(env)).held == {20000: "a", 20001: "b", 20002: "c"}
    await inputs.delete(service.run, ORG, env, "b")
    assert not (await service.input(ORG, "b")).live
    await create(service, env, "d")
    assert (await service.input(ORG, "d")).settings["port"] == 20001


async def test_of_twenty_concurrent_creations_on_one_port_exactly_one_wins() -> None:
    service = InMemoryStreams()
    env = await environment(service)
    outcomes = await asyncio.gather(
        *(create(service, env, f"in-{i}", port=20500) for i in range(20)), return_exceptions=True
    )
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert outcomes.count(None) == 1 and len(refused) == 19
    assert all("20500" in r.detail for r in refused)


async def test_an_id_is_unique_in_the_organisation_across_its_environments() -> None:
    service = InMemoryStreams()
    first, second = await environment(service), await environment(service)
    elsewhere = await environment(service, organisation_id=OTHER)
    await create(service, first, "cam")
    with pytest.raises(Conflict):
        await create(service, second, "cam")
    assert (await service.environment(second)).inputs == {}
    await create(service, elsewhere, "cam", scope=OTHER)


async def test_unknown_foreign_and_deleted_environments_are_refused() -> None:
    service = InMemoryStreams()
    env = await environment(service)
    with pytest.raises(NotFound):
        await create(service, uuid.uuid4(), "cam")
    with pytest.raises(NotFound):
        await create(service, env, "cam", scope=OTHER)
    await create(service, env, "cam", scope=None)  # a superuser
    await noted(service, env, "deleted")
    with pytest.raises(Conflict) as refused:
        await create(service, env, "other")
    assert "deleted" in refused.value.detail


async def test_an_update_changes_only_what_is_sent_and_moves_the_port() -> None:
    service = InMemoryStreams()
    env = await environment(service)
    await create(service, env, "cam", user_description="Studio")
    await create(service, env, "other")
    await inputs.update(service.run, ORG, env, "cam", "zixi_push", {"latency": 100, "port": 20700}, PORTS)
    cam = await service.input(ORG, "cam")
    assert (cam.settings["latency"], cam.settings["port"], cam.settings["user_description"]) == (100, 20700, "Studio")
    assert (await service.environment(env)).held == {20700: "cam", 20001: "other"}
    with pytest.raises(Conflict):
        await inputs.update(service.run, ORG, env, "cam", "zixi_push", {"port": 20001}, PORTS)
    with pytest.raises(Conflict):
        await inputs.update(service.run, ORG, env, "cam", "rist", {"max_latency": 5}, PORTS)
    with pytest.raises(ValidationError):
        await inputs.update(service.run, ORG, env, "cam", "zixi_push", {"latency": None}, PORTS)
    with pytest.raises(NotFound):
        await inputs.update(service.run, OTHER, env, "cam", "zixi_push", {"latency": 1}, PORTS)
