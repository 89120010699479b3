"""The Icareus channels façade (I02–I08) through the streams service on Postgres and RabbitMQ: seed 001's
defaults, enums and dialect, a channel as an SRT listener input of its organisation, icons really decoded."""

from __future__ import annotations

import asyncio
import io
import uuid
from typing import Any

import aiohttp
from PIL import Image

from common.http.principal import Principal, sign
from streams.adapters.projections import PROJECTIONS
from tests.integration.streams.conftest import StreamsUnderTest
from tests.support.api import Reply
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation

ADMIN = "/api/channels/admin"
EXAMPLE = {
    "name": "Channel Example", "description": "This is just an example.", "logicalChannelNumber": 1,
    "aspectRatio": "16:9", "primaryLanguage": "fi_FI", "audioOnly": False, "categories": [], "autoRecord": True,
    "quality": 1, "isPublic": True, "isExclusive": False, "locationRestrictions": [],
}  # fmt: skip
DEFAULTS = {
    "description": "", "logicalChannelNumber": 0, "aspectRatio": "", "primaryLanguage": "en_US", "audioOnly": False,
    "categories": [], "autoRecord": False, "quality": 0, "isPublic": True, "isExclusive": False,
    "locationRestrictions": [],
}  # fmt: skip


def admin(action: str, organisation_id: int | None, channel_id: int | str | None = None) -> str:
    query = f"{ADMIN}?action={action}&organizationId={organisation_id}"
    return query if channel_id is None else f"{query}&channelId={channel_id}"


async def upload(streams: StreamsUnderTest, principal: Principal, path: str, image: bytes, name: str) -> Reply:
    form = aiohttp.FormData()
    form.add_field(name, image, filename="icon.png", content_type="application/octet-stream")
    payload = form()
    body = b"".join([chunk async for chunk in _chunks(payload)])
    url = streams.server.make_url(path)
    signed = sign(streams.key.encode(), principal, "POST", url.raw_path_qs, service="streams", body=body)
    headers = {**signed, "Content-Type": payload.content_type}
    async with streams.session.post(url, data=body, headers=headers) as r:
        return Reply(r.status, await r.json(content_type=None), dict(r.headers))


async def _chunks(payload: Any) -> Any:
    class Sink:
        def __init__(self) -> None:
            self.parts: list[bytes] = []

        async def write(self, data: bytes) -> None:
            self.parts.append(bytes(data))

    sink = Sink()
    await payload.write(sink)
    for part in sink.parts:
        yield part


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


async def test_a_channel_is_added_read_listed_updated_and_deleted_in_the_seeds_dialect(
    streams: StreamsUnderTest,
) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    env = await streams.environment(organisation)
    added = (await streams.call(operator, "POST", admin("addChannel", organisation), EXAMPLE)).ok()
    assert added["status"] == "ok"
    channel = added["channel"]
    service_id = channel["serviceId"]
    assert isinstance(service_id, int) and channel["streamName"] == service_id
    assert {k: channel[k] for k in EXAMPLE} == EXAMPLE
    # the environment's id and the region the environments service announced it in, by the default host template
    assert channel["ingestUrl"] == f"srt://{env}.local-1.cenv.switchyard.local:20000"
    assert channel["originAddress"] == f"{env}.local-1.cenv.switchyard.local"
    assert channel["streams"] == {"total": 0, "transcoder": 0, "items": [], "adaptiveItems": [], "playlist": 0}
    assert (channel["smallIcon"], channel["mediumIcon"], channel["largeIcon"]) == ("", "", "")
    inputs = (await streams.call(operator, "GET", "/api/inputs")).ok()["objects"]
    assert [(i["id"], i["input_type"], i["user_description"]) for i in inputs] == [
        (str(service_id), "srt_listener", "Channel Example")
    ]

    got = (await streams.call(operator, "GET", admin("getChannel", organisation, service_id))).ok()
    assert got == added
    changes = {"description": "Updating the description.", "logicalChannelNumber": 69}
    updated = (await streams.call(operator, "POST", admin("updateChannel", organisation, service_id), changes)).ok()
    assert updated["channel"] == {**channel, **changes}
    listed = (await streams.call(operator, "GET", admin("getChannels", organisation))).ok()
    assert listed == {"status": "ok", "channels": [updated["channel"]]}

    deleted = await streams.call(operator, "POST", admin("deleteChannel", organisation, service_id))
    assert deleted.ok() == {"message": str(service_id), "status": "ok"}
    again = await streams.call(operator, "POST", admin("deleteChannel", organisation, service_id))
    assert (again.status, again.body) == (404, {"message": "invalid-channel-id", "status": "error"})
    assert (await streams.call(operator, "GET", "/api/inputs")).ok()["objects"] == []
    assert (await streams.call(operator, "GET", admin("getChannels", organisation))).ok()["channels"] == []


async def test_the_addresses_come_from_where_the_environment_runs(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    env = await streams.environment(organisation)
    channel = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "Far"})).ok()["channel"]
    region = await streams.runtime.pool.fetchval(
        "SELECT region FROM streams.environment_locations WHERE environment_id = $1", uuid.UUID(env)
    )
    assert region == "local-1" and channel["originAddress"] == f"{env}.local-1.cenv.switchyard.local"
    # an environment announced before streams kept locations
    await streams.runtime.pool.execute("DELETE FROM streams.environment_locations WHERE environment_id = $1",
                                       uuid.UUID(env))  # fmt: skip
    again = (await streams.call(operator, "GET", admin("getChannel", organisation, channel["serviceId"]))).ok()
    assert again["channel"]["ingestUrl"] == f"srt://{env}.unknown.cenv.switchyard.local:{channel['ingestUrl'][-5:]}"


async def test_defaults_fill_what_is_not_sent_and_a_rename_renames_the_input(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    channel = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "Bare"})).ok()[
        "channel"
    ]
    assert {k: channel[k] for k in DEFAULTS} == DEFAULTS
    path = admin("updateChannel", organisation, channel["serviceId"])
    renamed = (await streams.call(operator, "POST", path, {"name": "Dressed", "quality": 1})).ok()["channel"]
    assert (renamed["name"], renamed["quality"], renamed["primaryLanguage"]) == ("Dressed", 1, "en_US")
    [listed] = (await streams.call(operator, "GET", "/api/inputs")).ok()["objects"]
    assert listed["user_description"] == "Dressed"


async def test_invalid_fields_answer_the_i08_envelope_naming_each(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    body = {"name": "", "aspectRatio": "21:9", "quality": 2, "categories": ["x"], "colour": "red"}
    reply = await streams.call(operator, "POST", admin("addChannel", organisation), body)
    assert reply.status == 400 and reply.body["status"] == "error"
    errors = reply.body["errors"]
    assert set(errors) == {"name", "aspectRatio", "quality", "categories", "colour"}
    assert all(e["name"] == "invalid-value" and e["message"] for problems in errors.values() for e in problems)
    finnish = {"name": "x", "primaryLanguage": "xx_QQ"}
    language = await streams.call(operator, "POST", admin("addChannel", organisation), finnish)
    assert (language.status, language.body) == (400, {"errors": {"primaryLanguage": [
        {"message": "xx_QQ is not a valid language id", "name": "invalid-value"}]}, "status": "error"})  # fmt: skip
    channel = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "ok"})).ok()["channel"]
    path = admin("updateChannel", organisation, channel["serviceId"])
    for changes in ({"primaryLanguage": "finnish"}, {"name": None}, {"isPublic": "maybe"}):
        refused = await streams.call(operator, "POST", path, changes)
        assert refused.status == 400 and set(refused.body["errors"]) == set(changes), refused.body
    assert (await streams.call(operator, "GET", admin("getChannel", organisation, channel["serviceId"]))).ok()[
        "channel"
    ] == channel


async def test_organisations_channels_and_actions_that_are_not_the_callers(streams: StreamsUnderTest) -> None:
    owner, stranger = member_of(new_organisation(), "operator"), member_of(new_organisation())
    organisation = owner.managing_organisation_id
    await streams.environment(organisation)
    await streams.environment(stranger.managing_organisation_id)
    service_id = (await streams.call(owner, "POST", admin("addChannel", organisation), {"name": "A"})).ok()[
        "channel"
    ]["serviceId"]  # fmt: skip
    invalid_channel = {"message": "invalid-channel-id", "status": "error"}
    invalid_organisation = {"message": "invalid-organization-id", "status": "error"}
    theirs = stranger.managing_organisation_id
    for action in ("getChannel", "deleteChannel", "updateChannel"):
        method = "GET" if action == "getChannel" else "POST"
        reply = await streams.call(
            stranger, method, admin(action, theirs, service_id), {} if method == "POST" else None
        )
        assert (reply.status, reply.body) == (404, invalid_channel), action
        named = await streams.call(stranger, method, admin(action, organisation, service_id))
        assert (named.status, named.body) == (404, invalid_organisation), action
    for bad in ("", "abc", "-1", "99999999999"):
        reply = await streams.call(owner, "GET", admin("getChannels", organisation).replace(str(organisation), bad))
        assert (reply.status, reply.body) == (400, invalid_organisation), bad
        reply = await streams.call(owner, "GET", admin("getChannel", organisation, bad))
        assert (reply.status, reply.body) == (400, invalid_channel), bad
    unknown = await streams.call(owner, "GET", f"{ADMIN}?action=dropTables&organizationId={organisation}")
    assert unknown.status == 400 and unknown.body["status"] == "error"
    superuser = Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True)
    assert [c["serviceId"] for c in (await streams.call(superuser, "GET", admin("getChannels", organisation))).ok()[
        "channels"]] == [service_id]  # fmt: skip
    nowhere = await streams.call(superuser, "GET", admin("getChannels", new_organisation()))
    assert (nowhere.status, nowhere.body) == (404, invalid_organisation)


async def test_an_organisation_without_a_running_environment_cannot_add_a_channel(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation, "stopped")
    reply = await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "A"})
    assert (reply.status, reply.body) == (409, {"message": "no-running-environment", "status": "error"})
    invalid = {"name": "A", "primaryLanguage": "finnish"}
    reply = await streams.call(operator, "POST", admin("addChannel", organisation), invalid)
    assert reply.status == 400 and list(reply.body["errors"]) == ["primaryLanguage"]


async def test_the_oldest_running_environment_takes_the_channel(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    first = await streams.environment(organisation)
    await streams.environment(organisation)
    channel = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "A"})).ok()["channel"]
    assert channel["originAddress"] == f"{first}.local-1.cenv.switchyard.local"


async def test_deleting_the_input_through_the_native_api_makes_the_channel_gone(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    env = await streams.environment(organisation)
    service_id = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "A"})).ok()[
        "channel"
    ]["serviceId"]  # fmt: skip
    gone = await streams.call(operator, "DELETE", f"/api/customer_environment/{env}/inputs/{service_id}")
    assert gone.status == 204
    reply = await streams.call(operator, "GET", admin("getChannel", organisation, service_id))
    assert (reply.status, reply.body) == (404, {"message": "invalid-channel-id", "status": "error"})
    assert (await streams.call(operator, "GET", admin("getChannels", organisation))).ok()["channels"] == []
    update = await streams.call(operator, "POST", admin("updateChannel", organisation, service_id), {"name": "B"})
    assert update.status == 404


async def test_an_icon_is_decoded_stored_in_three_sizes_and_served(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    service_id = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "A"})).ok()[
        "channel"
    ]["serviceId"]  # fmt: skip
    path = admin("addChannelIcon", organisation, service_id)
    channel = (await upload(streams, operator, path, png(640, 320), "channelIcon")).ok()["channel"]
    anyone = Principal()
    for size, side in (("smallIcon", 64), ("mediumIcon", 128), ("largeIcon", 256)):
        assert channel[size].startswith("/api/channel_icons/")
        url = streams.server.make_url(channel[size])
        signed = sign(streams.key.encode(), anyone, "GET", url.raw_path_qs, service="streams")
        async with streams.session.get(url, headers=signed) as r:
            assert (r.status, r.content_type) == (200, "image/png"), await r.text()
            with Image.open(io.BytesIO(await r.read())) as served:
                assert (served.format, served.size) == ("PNG", (side, side // 2))
    assert (await streams.call(operator, "GET", admin("getChannel", organisation, service_id))).ok()[
        "channel"
    ] == channel


async def test_what_is_not_an_acceptable_image_is_refused(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    service_id = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "A"})).ok()[
        "channel"
    ]["serviceId"]  # fmt: skip
    path = admin("addChannelIcon", organisation, service_id)
    bmp = io.BytesIO()
    Image.new("RGB", (10, 10)).save(bmp, format="BMP")
    for image in (b"not an image at all", png(5000, 10), bmp.getvalue(), png(64, 64)[:60], _bomb()):
        reply = await upload(streams, operator, path, image, "channelIcon")
        assert reply.status == 400 and list(reply.body["errors"]) == ["channelIcon"], reply.body
    misnamed = await upload(streams, operator, path, png(10, 10), "icon")
    assert misnamed.status == 400 and list(misnamed.body["errors"]) == ["channelIcon"]
    as_json = await streams.call(operator, "POST", path, {"channelIcon": "x"})
    assert as_json.status == 400 and list(as_json.body["errors"]) == ["channelIcon"]
    other = member_of(new_organisation())
    await streams.environment(other.managing_organisation_id)
    theirs = admin("addChannelIcon", other.managing_organisation_id, service_id)
    stranger = await upload(streams, other, theirs, png(10, 10), "channelIcon")
    assert (stranger.status, stranger.body) == (404, {"message": "invalid-channel-id", "status": "error"})
    icons = await streams.runtime.pool.fetchval(
        "SELECT count(*) FROM streams.channel_icons WHERE service_id = $1", service_id
    )
    assert icons == 0


def _bomb() -> bytes:
    """A small PNG whose header claims far more pixels than any icon may have (compressed, it is tiny)."""
    out = io.BytesIO()
    Image.new("1", (4000, 4000)).save(out, format="PNG")
    return out.getvalue()


async def test_the_projections_rebuild_identically_with_channels(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    made = [
        (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": name})).ok()["channel"]
        for name in ("one", "two")
    ]
    first, second = (channel["serviceId"] for channel in made)
    await streams.call(operator, "POST", admin("updateChannel", organisation, first), {"quality": 1})
    await upload(streams, operator, admin("addChannelIcon", organisation, first), png(20, 20), "channelIcon")
    await streams.call(operator, "POST", admin("deleteChannel", organisation, second))
    drift = await drift_at_rest(streams.runtime.pool, "streams", "streams_rebuild", list(PROJECTIONS))
    assert set(drift.values()) == {0}, drift


async def test_channels_added_at_once_get_their_own_ids_and_ports(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    replies = await asyncio.gather(
        *(streams.call(operator, "POST", admin("addChannel", organisation), {"name": f"c{i}"}) for i in range(8))
    )
    made = [reply.ok()["channel"] for reply in replies]
    assert len({channel["serviceId"] for channel in made}) == 8
    assert len({channel["ingestUrl"] for channel in made}) == 8
    listed = (await streams.call(operator, "GET", admin("getChannels", organisation))).ok()["channels"]
    assert sorted(c["serviceId"] for c in listed) == sorted(c["serviceId"] for c in made)


async def test_an_add_repeated_with_its_idempotency_key_adds_one_channel(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    await streams.environment(organisation)
    key = {"Idempotency-Key": f"add-{uuid.uuid4()}"}
    first = await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "once"}, key)
    again = await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "once"}, key)
    assert first.ok() == again.ok()
    assert len((await streams.call(operator, "GET", admin("getChannels", organisation))).ok()["channels"]) == 1


async def test_a_later_input_given_the_channels_id_is_not_the_channel(streams: StreamsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    organisation = operator.managing_organisation_id
    env = await streams.environment(organisation)
    service_id = (await streams.call(operator, "POST", admin("addChannel", organisation), {"name": "A"})).ok()[
        "channel"
    ]["serviceId"]  # fmt: skip
    inputs = f"/api/customer_environment/{env}/inputs"
    assert (await streams.call(operator, "DELETE", f"{inputs}/{service_id}")).status == 204
    (await streams.call(operator, "POST", f"{inputs}/srt_listener", {"id": str(service_id)})).ok(201)
    for action in ("getChannel", "deleteChannel"):
        reply = await streams.call(operator, "GET" if action == "getChannel" else "POST",
                                   admin(action, organisation, service_id))  # fmt: skip
        assert (reply.status, reply.body) == (404, {"message": "invalid-channel-id", "status": "error"})
    assert [i["id"] for i in (await streams.call(operator, "GET", "/api/inputs")).ok()["objects"]] == [str(service_id)]
