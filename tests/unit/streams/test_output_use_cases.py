"""Output use cases on the in-memory unit of work: output ports stay unique per environment and apart from inputs'
ports, ids per taker, and SRT passwords stay beside the log."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Collection
from typing import Any

import pytest

from common.errors import Conflict, Invalid, NotFound
from streams.contract.outputs import SETTINGS, OutputKind
from streams.domain import environment as environment_aggregate
from streams.domain import outputs as aggregate
from streams.domain.guests import Access
from streams.domain.ports import PortRange
from streams.service_layer import outputs
from tests.unit.streams.service import InMemoryStreams
from tests.unit.streams.test_input_use_cases import ORG, OTHER, environment, noted

PORTS = PortRange(21000, 21999)
BODIES: dict[OutputKind, dict[str, Any]] = {
    "srt_listener": {},
    "rist": {"host": "h", "port": 5000},
    "srt_caller": {"host": "h", "port": 9000},
    "rtmp": {},
}


class FakeSecrets:
    def __init__(self) -> None:
        self.kept: dict[tuple[int, str, str], str] = {}

    async def keep(self, taker_id: int, output_id: str, name: str, value: str) -> None:
        self.kept[taker_id, output_id, name] = value

    async def forget(self, taker_id: int, output_id: str, names: Collection[str] | None = None) -> None:
        for key in [k for k in self.kept if k[:2] == (taker_id, output_id) and (names is None or k[2] in names)]:
            del self.kept[key]


class FakeGuests:
    """Owners as the environments' streams say; each guest's access as a test sets it (none by default)."""

    def __init__(self, service: InMemoryStreams) -> None:
        self.service = service
        self.granted: dict[tuple[int, int, uuid.UUID], Access] = {}

    async def owner_of(self, environment_id: uuid.UUID) -> int | None:
        env = environment_aggregate.fold(await self.service.events(environment_aggregate.stream_id(environment_id)))
        return env.organisation_id if env.known else None

    async def access(self, guest_id: int, owner_id: int, environment_id: uuid.UUID) -> Access:
        return self.granted.get((guest_id, owner_id, environment_id), Access(False, 0))


class OutputsUnderTest(InMemoryStreams):
    def __init__(self) -> None:
        super().__init__()
        self.secrets = FakeSecrets()
        self.guests = FakeGuests(self)
        self.beside = outputs.Beside(lambda _: self.secrets, lambda _: self.guests)

    async def output(self, taker_id: int, output_id: str) -> aggregate.Output:
        return aggregate.fold(await self.events(aggregate.stream_id(taker_id, output_id)))


async def create(service: OutputsUnderTest, env: uuid.UUID, output_id: str, kind: OutputKind = "srt_listener",
                 scope: int | None = ORG, password: str | None = None, **sent: Any) -> None:  # fmt: skip
    settings = SETTINGS[kind].model_validate({**BODIES[kind], **sent}).model_dump(mode="json", exclude={"password"})
    caller = outputs.Caller(scope)
    await outputs.create(service.run, service.beside, caller, env, output_id, kind, settings, password, PORTS)


async def update(service: OutputsUnderTest, env: uuid.UUID, output_id: str, kind: OutputKind,
                 changes: dict[str, Any], password: str | None = None, scope: int | None = ORG) -> None:  # fmt: skip
    caller = outputs.Caller(scope)
    await outputs.update(service.run, service.beside, caller, env, output_id, kind, changes, password, PORTS)


async def test_listeners_get_free_output_ports_and_a_deleted_one_frees_its_port() -> None:
    service = OutputsUnderTest()
    env = await environment(service)
    for output_id in ("a", "b"):
        await create(service, env, output_id)
    await create(service, env, "c", "rist", local_port=21500)
    await create(service, env, "d", "rist")
    await create(service, env, "e", "srt_caller")
    assert (await service.environment(env)).held_by_outputs == {21000: "a", 21001: "b", 21500: "c"}
    assert (await service.environment(env)).outputs["d"] is None
    await outputs.delete(service.run, service.beside, outputs.Caller(ORG), env, "b")
    assert not (await service.output(ORG, "b")).live
    await create(service, env, "f")
    assert (await service.output(ORG, "f")).settings["port"] == 21001


async def test_of_twenty_concurrent_creations_on_one_output_port_exactly_one_wins() -> None:
    service = OutputsUnderTest()
    env = await environment(service)
    creations = (create(service, env, f"o-{i}", port=21500) for i in range(20))
    outcomes = await asyncio.gather(*creations, return_exceptions=True)
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert outcomes.count(None) == 1 and len(refused) == 19
    assert all("21500" in r.detail for r in refused)


async def test_an_id_is_unique_for_its_taker_and_environments_are_checked() -> None:
    service = OutputsUnderTest()
    env, second = await environment(service), await environment(service)
    elsewhere = await environment(service, organisation_id=OTHER)
    await create(service, env, "out")
    with pytest.raises(Conflict):
        await create(service, second, "out")
    await create(service, elsewhere, "out", scope=OTHER)
    with pytest.raises(NotFound):
        await create(service, env, "x", scope=OTHER)
    with pytest.raises(NotFound):
        await create(service, uuid.uuid4(), "x")
    await noted(service, env, "deleting")
    with pytest.raises(Conflict):
        await create(service, env, "x")


async def test_an_update_moves_or_releases_the_port_and_keeps_the_rest() -> None:
    service = OutputsUnderTest()
    env = await environment(service)
    await create(service, env, "r", "rist", local_port=21100, fec=1)
    await create(service, env, "s")
    await update(service, env, "r", "rist", {"ttl": 5})
    r = await service.output(ORG, "r")
    assert (r.settings["local_port"], r.settings["rows_d"], r.settings["ttl"], r.version) == (21100, 10, 5, 2)
    with pytest.raises(Conflict):
        await update(service, env, "r", "rist", {"local_port": 21000})
    await update(service, env, "r", "rist", {"local_port": 0, "fec": 0})
    assert (await service.environment(env)).outputs == {"r": None, "s": 21000}
    assert (await service.output(ORG, "r")).settings["rows_d"] is None
    await update(service, env, "s", "srt_listener", {"port": None, "latency": 7})
    assert (await service.output(ORG, "s")).settings["port"] == 21000
    with pytest.raises(Conflict):
        await update(service, env, "s", "rist", {"ttl": 1})
    with pytest.raises(NotFound):
        await update(service, env, "s", "srt_listener", {"latency": 1}, scope=OTHER)


async def test_a_password_is_kept_beside_the_log_and_forgotten_with_encryption_or_the_output() -> None:
    service = OutputsUnderTest()
    env = await environment(service)
    await create(service, env, "s", password="first-secret", encryption_type=1)
    assert service.secrets.kept == {(ORG, "s", "password"): "first-secret"}
    await update(service, env, "s", "srt_listener", {}, password="second-secret")
    assert service.secrets.kept == {(ORG, "s", "password"): "second-secret"}
    assert (await service.output(ORG, "s")).version == 2, "a password sent records a change"
    events = await service.events(aggregate.stream_id(ORG, "s"))
    assert not any("secret" in event.model_dump_json() for event in events)
    await update(service, env, "s", "srt_listener", {"encryption_type": 0})
    assert service.secrets.kept == {}
    with pytest.raises(Invalid):
        await update(service, env, "s", "srt_listener", {"encryption_type": 2})
    await create(service, env, "t", password="third-secret", encryption_type=3)
    await outputs.delete(service.run, service.beside, outputs.Caller(ORG), env, "t")
    assert service.secrets.kept == {}


async def test_an_rtmp_outputs_addresses_are_kept_beside_the_log_and_the_log_shows_them_masked() -> None:
    service = OutputsUnderTest()
    env = await environment(service)
    await create(service, env, "r", "rtmp", url="rtmp://a.example/live/key-1", backup_url="rtmp://b.example/l/key-2")
    kept = {(ORG, "r", "url"): "rtmp://a.example/live/key-1", (ORG, "r", "backup_url"): "rtmp://b.example/l/key-2"}
    assert service.secrets.kept == kept
    logged = (await service.output(ORG, "r")).settings
    assert (logged["url"], logged["backup_url"]) == ("rtmp://a.example/live/********", "rtmp://b.example/l/********")
    await update(service, env, "r", "rtmp", {"bitrate": 800, "url": logged["url"]})
    assert service.secrets.kept == kept, "an address sent back as shown keeps the kept one"
    await update(service, env, "r", "rtmp", {"backup_url": None})
    assert service.secrets.kept == {(ORG, "r", "url"): "rtmp://a.example/live/key-1"}
    events = "\n".join(str(e) for e in await service.events(aggregate.stream_id(ORG, "r")))
    assert "key-1" not in events and "key-2" not in events
    await outputs.delete(service.run, service.beside, outputs.Caller(ORG), env, "r")
    assert service.secrets.kept == {}
