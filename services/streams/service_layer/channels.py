"""Use cases of the Icareus channels façade (I02–I07). A channel is an SRT listener input of its organisation
(input id = serviceId) plus the channel aggregate's attributes; each write decides on the environment, the input
and the channel in one unit, so a channel never outlives its input nor the input its channel's deletion."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from common.errors import NotFound
from common.unit_of_work import Runner, UnitOfWork, Work
from streams.contract.inputs import SETTINGS, InputKind
from streams.domain import channels, environment, inputs
from streams.domain.channel_icons import StoredIcon
from streams.domain.events import DomainEvent, InputCreated, InputPlaced
from streams.domain.ports import PortRange
from streams.service_layer.units import decide, load

KIND: InputKind = "srt_listener"
INVALID_CHANNEL = "invalid-channel-id"


async def add(
    run: Runner, organisation_id: int, service_id: int, environment_id: uuid.UUID, attributes: Mapping[str, Any],
    ports: PortRange,
) -> None:  # fmt: skip
    input_id = channels.input_id(service_id)

    async def unit(work: UnitOfWork) -> None:
        placed: list[DomainEvent] = []

        def placing(env: environment.Environment) -> list[DomainEvent]:
            placed[:] = environment.place(env, organisation_id, input_id, True, None, ports)
            return placed

        await decide(work, environment.stream_id(environment_id), environment.fold, placing)
        [where] = placed
        assert isinstance(where, InputPlaced)
        settings = {**_input_settings(attributes["name"]), "port": where.port}
        before = await decide(work, inputs.stream_id(organisation_id, input_id), inputs.fold,
                              lambda current: inputs.create(current, organisation_id, environment_id, input_id, KIND,
                                                            settings))  # fmt: skip
        await decide(work, channels.stream_id(organisation_id, service_id), channels.fold,
                     lambda current: channels.create(current, organisation_id, service_id, environment_id,
                                                     attributes, before.version + 1))  # fmt: skip

    await run(unit)


def check(attributes: Mapping[str, Any]) -> None:
    """What the body's model cannot tell: that ``primaryLanguage`` is a real locale (before a serviceId is taken)."""
    if "primaryLanguage" in attributes:
        channels.check_language(attributes["primaryLanguage"])


def _input_settings(name: str) -> dict[str, Any]:
    return SETTINGS[KIND].model_validate({"user_description": name}).model_dump(mode="json")


async def _live(work: UnitOfWork, organisation_id: int, service_id: int) -> tuple[channels.Channel, inputs.Input]:
    """The channel and its input, both live: either one gone (deleted here or through A070) is no channel."""
    channel = await load(work, channels.stream_id(organisation_id, service_id), channels.fold)
    endpoint, made_at = await load(work, inputs.stream_id(organisation_id, channels.input_id(service_id)), _life)
    if not channels.is_input_of(channel, endpoint, made_at):
        raise NotFound(INVALID_CHANNEL)
    return channel, endpoint


def _life(events: Sequence[DomainEvent]) -> tuple[inputs.Input, int]:
    """The input, and the version of the creation that began its current life."""
    made = [e.version for e in events if isinstance(e, InputCreated)]
    return inputs.fold(events), made[-1] if made else 0


async def update(run: Runner, organisation_id: int, service_id: int, changes: Mapping[str, Any]) -> None:
    """Only the fields in ``changes`` change; a new name is the input's description too."""

    async def unit(work: UnitOfWork) -> None:
        channel, endpoint = await _live(work, organisation_id, service_id)
        await decide(work, channels.stream_id(organisation_id, service_id), channels.fold,
                     lambda current: channels.change(current, changes))  # fmt: skip
        if "name" in changes and endpoint.kind == KIND:
            renamed = {**endpoint.settings, "user_description": changes["name"]}
            await decide(work, inputs.stream_id(organisation_id, endpoint.input_id), inputs.fold,
                         lambda current: inputs.change(current, _on(channel), KIND, renamed))  # fmt: skip

    await run(unit)


async def delete(run: Runner, organisation_id: int, service_id: int) -> None:
    """The channel and its input go together; the input's port is free again."""

    async def unit(work: UnitOfWork) -> None:
        channel, endpoint = await _live(work, organisation_id, service_id)
        environment_id = _on(channel)
        await decide(work, environment.stream_id(environment_id), environment.fold,
                     lambda env: environment.remove(env, organisation_id, endpoint.input_id))  # fmt: skip
        await decide(work, inputs.stream_id(organisation_id, endpoint.input_id), inputs.fold,
                     lambda current: inputs.delete(current, environment_id))  # fmt: skip
        await decide(work, channels.stream_id(organisation_id, service_id), channels.fold, channels.delete)

    await run(unit)


async def add_icon(run: Runner, organisation_id: int, service_id: int, icons: Sequence[StoredIcon]) -> None:
    """The images are kept beside the log (never in an event), in the unit's transaction; the event names them."""

    async def unit(work: UnitOfWork) -> None:
        await _live(work, organisation_id, service_id)
        named = {icon.size: icon.digest for icon in icons}
        await decide(work, channels.stream_id(organisation_id, service_id), channels.fold,
                     lambda current: channels.new_icon(current, named))  # fmt: skip
        assert isinstance(work, Work), "icons live in the unit's own transaction"
        for icon in icons:  # after the append, which must be the transaction's first write
            await work.conn.execute(
                f"""INSERT INTO {work.schema}.channel_icons (organisation_id, service_id, size, digest, image)
                    VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (organisation_id, service_id, size)
                    DO UPDATE SET digest = excluded.digest, image = excluded.image""",
                organisation_id, service_id, icon.size, icon.digest, icon.image,
            )  # fmt: skip

    await run(unit)


def _on(channel: channels.Channel) -> uuid.UUID:
    assert channel.environment_id is not None
    return channel.environment_id
