"""The Icareus channels façade (I02–I07) through the gateway: generated tokens and user tokens, organizationId
reaching streams, the dialect's answers to other tenants, and an icon uploaded and served as a real image."""

from __future__ import annotations

import io
import time
from typing import Any

import aiohttp
from PIL import Image

from gateway.adapters.tokens import generated_token
from tests.integration.access.cast import World
from tests.support.api import Api, Reply
from tests.support.waiting import eventually

ADMIN = "/api/channels/admin"
INVALID_ORGANISATION = {"message": "invalid-organization-id", "status": "error"}


def admin(action: str, organisation_id: int, channel_id: int | None = None) -> str:
    query = f"{ADMIN}?action={action}&organizationId={organisation_id}"
    return query if channel_id is None else f"{query}&channelId={channel_id}"


async def _channel_of_a(world: World) -> dict[str, Any]:
    """A channel of organisation A, once its environment runs (the channel's input goes on it)."""
    made: list[dict[str, Any]] = []

    async def added() -> None:
        reply = await world["a_operator"].api.post(admin("addChannel", world.organisation_a), {"name": "A One"})
        assert reply.status == 200, reply.body
        made.append(reply.body["channel"])

    await eventually(added, within=45)
    return made[0]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 90, 200, 255)).save(out, format="PNG")
    return out.getvalue()


async def _upload(api: Api, path: str, image: bytes) -> Reply:
    form = aiohttp.FormData()
    form.add_field("channelIcon", image, filename="logo.png", content_type="image/png")
    return await api.call("POST", path, data=form)


async def test_members_tenants_and_tokens_through_the_gateway(world: World) -> None:
    channel = await _channel_of_a(world)
    service_id, a = channel["serviceId"], world.organisation_a
    got = (await world["a_monitor"].api.get(admin("getChannel", a, service_id))).ok()
    assert got == {"status": "ok", "channel": channel}
    refused = await world["a_monitor"].api.post(admin("updateChannel", a, service_id), {"name": "x"})
    assert refused.status == 403 and refused.body["status"] == "error" and refused.body["message"], refused.body
    anonymous = await world["anonymous"].api.get(admin("getChannels", a))
    assert anonymous.status == 401 and anonymous.body["status"] == "error", anonymous.body
    assert (await world["anonymous"].api.get("/api/inputs")).body["status"] == 401  # native routes: problems
    assert [c["serviceId"] for c in (await world["superuser"].api.get(admin("getChannels", a))).ok()["channels"]] == [
        service_id
    ]
    for caller in ("b_admin", "g_admin"):
        reply = await world[caller].api.get(admin("getChannel", a, service_id))
        assert (reply.status, reply.body) == (404, INVALID_ORGANISATION), caller
    theirs = await world["b_admin"].api.get(admin("getChannel", world.organisation_b, service_id))
    assert (theirs.status, theirs.body) == (404, {"message": "invalid-channel-id", "status": "error"})

    t = world.organisation_t
    token = world["anonymous"].api.as_(generated_token(t, world.token_secret_t, int(time.time())))
    assert (await token.get(admin("getChannels", t))).ok() == {"status": "ok", "channels": []}
    nowhere = await token.post(admin("addChannel", t), {"name": "T"})
    assert (nowhere.status, nowhere.body) == (409, {"message": "no-running-environment", "status": "error"})
    signs_for_t = await token.get(admin("getChannels", a))
    assert (signs_for_t.status, signs_for_t.body["status"]) == (401, "error")  # T's token does not sign for A
    stale = world["anonymous"].api.as_(generated_token(t, world.token_secret_t, int(time.time()) - 3600))
    assert (await stale.get(admin("getChannels", t))).body["status"] == "error"
    invalid = await token.post(admin("addChannel", t), {"name": "T", "quality": 3})
    assert invalid.status == 400 and list(invalid.body["errors"]) == ["quality"]


async def test_an_icon_uploaded_through_the_gateway_is_served_to_anyone(world: World) -> None:
    channel = await _channel_of_a(world)
    path = admin("addChannelIcon", world.organisation_a, channel["serviceId"])
    with_icon = (await _upload(world["a_operator"].api, path, _png())).ok()["channel"]
    anyone = world["anonymous"].api
    async with anyone.session.get(anyone.base_url + with_icon["largeIcon"]) as served:
        assert (served.status, served.content_type) == (200, "image/png")
        with Image.open(io.BytesIO(await served.read())) as image:
            assert image.size == (256, 256)
    refused = await _upload(world["a_operator"].api, path, b"GIF89a but not really")
    assert refused.status == 400 and list(refused.body["errors"]) == ["channelIcon"]
    deleted = await world["a_operator"].api.post(admin("deleteChannel", world.organisation_a, channel["serviceId"]))
    assert deleted.ok() == {"message": str(channel["serviceId"]), "status": "ok"}
    assert (await anyone.get(with_icon["largeIcon"])).status == 404
