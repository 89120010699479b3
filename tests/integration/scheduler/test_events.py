"""Events through the scheduler (A119–A123) on Postgres and RabbitMQ: an input of the managing organisation shown on
its running environment, labels and memberships learnt from the gateway's events, images checked by Pillow and
served to whoever may see the event through any of their organisations."""

from __future__ import annotations

import base64
import io
import json
import os
import uuid
from typing import Any

from PIL import Image

from common.http.principal import Principal, sign
from gateway.contract import events as g
from scheduler.adapters.projections import PROJECTIONS
from tests.integration.scheduler.conftest import SchedulerUnderTest, at
from tests.support.rebuild import drift_at_rest
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually

EVENTS = "/api/events"


def png(colour: str = "red", size: tuple[int, int] = (8, 4), fmt: str = "PNG") -> str:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return base64.b64encode(out.getvalue()).decode()


def body(**changes: Any) -> dict[str, Any]:
    return {"input_id": "in-0", "name": "Cup final", "description": "the match", "start_time": at(60),
            "end_time": at(180), **changes}  # fmt: skip


async def label(scheduler: SchedulerUnderTest, organisation_id: int) -> str:
    label_id = uuid.uuid4()
    await scheduler.publish("gateway", g.LabelCreated(organisation_id=organisation_id, label_id=label_id, text="vip"))
    await scheduler._until("SELECT count(*) FROM scheduler.labels WHERE id = $1", 1, label_id)
    return str(label_id)


async def image_of(scheduler: SchedulerUnderTest, principal: Principal, path: str) -> tuple[int, bytes]:
    url = scheduler.server.make_url(path)
    signed = sign(scheduler.key.encode(), principal, "GET", url.raw_path_qs, service="scheduler", body=b"")
    async with scheduler.session.get(url, headers=signed) as reply:
        return reply.status, await reply.read()


async def test_an_event_is_created_listed_updated_and_deleted(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    operator, monitor = member_of(organisation, "operator"), member_of(organisation, "monitor")
    env = await scheduler.studio(organisation, inputs=2)
    vip = await label(scheduler, organisation)
    reply = await scheduler.call(operator, "POST", EVENTS, body(label_ids=[vip], start_time="2999-08-25T16:30:00+02:00",
                                                                end_time="2999-08-25T18:30:00.000Z"))  # fmt: skip
    assert reply.status == 201, reply.body
    made = reply.body
    assert (made["environment_id"], made["input_id"], made["label_ids"]) == (str(env), "in-0", [vip])
    assert made["start_time"].startswith("2999-08-25T14:30:00") and made["has_image"] is False
    assert [e["id"] for e in (await scheduler.call(operator, "GET", EVENTS)).ok()["objects"]] == [made["id"]]

    changed = (await scheduler.call(operator, "PUT", made["resource_uri"], {"name": "Final", "input_id": "in-1"})).ok()
    assert (changed["name"], changed["input_id"], changed["description"]) == ("Final", "in-1", "the match")
    assert changed["label_ids"] == [] and changed["start_time"] == made["start_time"]  # labels left out: removed

    assert (await scheduler.call(monitor, "GET", EVENTS)).status == 403  # for managing events only
    assert (await scheduler.call(operator, "DELETE", made["resource_uri"])).status == 204
    assert (await scheduler.call(operator, "GET", EVENTS)).ok()["objects"] == []
    assert (await scheduler.call(operator, "DELETE", made["resource_uri"])).status == 404
    assert (await scheduler.call(operator, "PUT", made["resource_uri"], {"name": "x"})).status == 404


async def test_bad_input_is_refused_naming_the_field(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    await scheduler.studio(organisation)
    elsewhere = await scheduler.studio(organisation, inputs=0, outputs=0)
    await scheduler.input(organisation, elsewhere, "far")
    stranger_label = await label(scheduler, new_organisation())
    cases = {
        "name": [{"name": "n" * 256}, {"name": ""}],
        "description": [{"description": "d" * 1001}],
        "end_time": [{"end_time": at(30)}, {"end_time": "tomorrow"}],
        "start_time": [{"start_time": "2030-01-01T10:00:00"}],
        "label_ids": [{"label_ids": [stranger_label]}, {"label_ids": ["not-a-uuid"]}],
        "image": [{"image": "not base64!"}, {"image": png(fmt="BMP")}, {"image": base64.b64encode(b"GIF89a").decode()},
                  {"image": png(size=(5000, 1))}, {"image": base64.b64encode(os.urandom(600_000)).decode()}],
    }  # fmt: skip
    for field, changes in cases.items():
        for change in changes:
            reply = await scheduler.call(admin, "POST", EVENTS, body(**change))
            assert reply.status == 400, (change, reply.body)
            assert field in str(reply.body), (change, reply.body)
    assert (await scheduler.call(admin, "POST", EVENTS, body(input_id="nope"))).status == 404
    made = (await scheduler.call(admin, "POST", EVENTS, body())).ok(201)
    moved = await scheduler.call(admin, "PUT", made["resource_uri"], {"input_id": "far"})
    assert moved.status == 400 and "input_id" in str(moved.body), moved.body
    late = await scheduler.call(admin, "PUT", made["resource_uri"], {"end_time": at(1)})
    assert late.status == 400 and "end_time" in str(late.body), late.body
    assert (await scheduler.call(admin, "GET", EVENTS)).ok()["objects"][0]["input_id"] == "in-0"


async def test_events_are_made_on_a_running_environment_only(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    env = await scheduler.environment(organisation, "stopped")
    await scheduler.input(organisation, env, "in-0")
    reply = await scheduler.call(admin, "POST", EVENTS, body())
    assert reply.status == 409 and "running" in reply.body["detail"], reply.body


async def test_the_image_is_kept_replaced_and_removed(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    await scheduler.studio(organisation)
    made = (await scheduler.call(admin, "POST", EVENTS, body(image=png("red", fmt="JPEG")))).ok(201)
    assert made["has_image"] and made["image_uri"] == f"{made['resource_uri']}/image"
    status, data = await image_of(scheduler, admin, made["image_uri"])
    assert status == 200 and Image.open(io.BytesIO(data)).format == "PNG"
    assert Image.open(io.BytesIO(data)).size == (8, 4)

    await scheduler.call(admin, "PUT", made["resource_uri"], {"image": png("blue", (3, 3))})
    status, data = await image_of(scheduler, admin, made["image_uri"])
    assert Image.open(io.BytesIO(data)).size == (3, 3)
    kept = (await scheduler.call(admin, "PUT", made["resource_uri"], {"name": "still has it"})).ok()
    assert kept["has_image"]
    removed = (await scheduler.call(admin, "PUT", made["resource_uri"], {"remove_old_image": True})).ok()
    assert removed["has_image"] is False
    assert (await image_of(scheduler, admin, made["image_uri"]))[0] == 404


async def test_the_image_is_seen_through_every_organisation_of_the_user_and_its_labels(
    scheduler: SchedulerUnderTest,
) -> None:
    owner, guest, third = new_organisation(), new_organisation(), new_organisation()
    admin = member_of(owner)
    await scheduler.studio(owner)
    vip, other = await label(scheduler, owner), await label(scheduler, owner)
    made = (await scheduler.call(admin, "POST", EVENTS, body(image=png(), label_ids=[vip]))).ok(201)
    uri = made["image_uri"]
    user = member_of(third)  # managing `third`, also a member of `guest`, which `owner` invited
    await scheduler.publish("gateway", g.UserJoinedOrganisation(organisation_id=guest, user_id=user.user_id,
                                                                permission_type="monitor"))  # fmt: skip
    invitation = uuid.uuid4()
    await scheduler.publish("gateway", g.SourceInvitationAccepted(organisation_id=owner, invitation_id=invitation,
                                                                  guest_organisation_id=guest))  # fmt: skip
    await scheduler._until("SELECT count(*) FROM scheduler.memberships WHERE user_id = $1", 1, user.user_id)
    await scheduler._until("SELECT count(*) FROM scheduler.guest_invitations WHERE invitation_id = $1", 1, invitation)

    assert (await image_of(scheduler, user, uri))[0] == 404  # invited, but no label of the event granted
    assert (await image_of(scheduler, member_of(guest), uri))[0] == 404
    grant = g.SourceLabelAccessGranted(organisation_id=owner, invitation_id=invitation, guest_organisation_id=guest,
                                       label_id=uuid.UUID(other))  # fmt: skip
    await scheduler.publish("gateway", grant)
    await scheduler._until("SELECT count(*) FROM scheduler.guest_label_grants WHERE invitation_id = $1", 1, invitation)
    assert (await image_of(scheduler, user, uri))[0] == 404  # a label the event does not carry
    await scheduler.publish("gateway", grant.model_copy(update={"label_id": uuid.UUID(vip)}))

    async def seen() -> None:
        assert (await image_of(scheduler, user, uri))[0] == 200
        assert (await image_of(scheduler, member_of(guest, "monitor"), uri))[0] == 200

    await eventually(seen, within=15)
    assert (await image_of(scheduler, member_of(owner, "monitor"), uri))[0] == 200
    assert (await image_of(scheduler, Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True), uri))[0] == 200
    assert (await image_of(scheduler, member_of(new_organisation()), uri))[0] == 404

    deleted = g.SourceInvitationDeleted(organisation_id=owner, invitation_id=invitation, guest_organisation_id=guest,
                                        reason="deleted_by_owner")  # fmt: skip
    await scheduler.publish("gateway", deleted)

    async def revoked() -> None:
        assert (await image_of(scheduler, user, uri))[0] == 404

    await eventually(revoked, within=15)


async def test_another_tenant_cannot_touch_an_event(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin, other = member_of(organisation), member_of(new_organisation())
    await scheduler.studio(organisation)
    made = (await scheduler.call(admin, "POST", EVENTS, body())).ok(201)
    assert (await scheduler.call(other, "PUT", made["resource_uri"], {"name": "mine"})).status == 404
    assert (await scheduler.call(other, "DELETE", made["resource_uri"])).status == 404
    assert (await scheduler.call(other, "GET", EVENTS)).ok()["objects"] == []
    superuser = Principal(kind="user", user_id=uuid.uuid4(), is_superuser=True)
    assert (await scheduler.call(superuser, "PUT", made["resource_uri"], {"name": "staff"})).ok()["name"] == "staff"


async def test_the_event_projections_rebuild_identically(scheduler: SchedulerUnderTest) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    await scheduler.studio(organisation)
    made = (await scheduler.call(admin, "POST", EVENTS, body())).ok(201)
    await scheduler.call(admin, "PUT", made["resource_uri"], {"end_time": at(240)})
    drift = await drift_at_rest(scheduler.runtime.pool, "scheduler", f"rebuild_{uuid.uuid4().hex[:8]}", PROJECTIONS)
    assert not any(drift.values()), drift


async def test_an_organisation_deleted_takes_its_events_and_their_subscriptions_with_it(
    scheduler: SchedulerUnderTest,
) -> None:
    organisation = new_organisation()
    admin = member_of(organisation)
    env = await scheduler.studio(organisation)
    made = (await scheduler.call(admin, "POST", EVENTS, body(image=png()))).ok(201)
    taken = (await scheduler.call(admin, "POST", "/api/event_subscriptions",
                                  {"event_id": made["id"], "output_id": "out-0"})).ok(201)  # fmt: skip
    for _ in range(2):  # a second delivery changes nothing
        await scheduler.publish("gateway", g.OrganisationDeleted(organisation_id=organisation))

    async def gone() -> None:
        assert await scheduler.runtime.pool.fetchval(
            "SELECT deleted FROM scheduler.live_events WHERE id = $1", uuid.UUID(made["id"])
        )
        assert await scheduler.runtime.pool.fetchval(
            "SELECT deleted FROM scheduler.schedules WHERE id = $1", uuid.UUID(taken["id"])
        )

    await eventually(gone, within=15)
    assert (
        await scheduler.runtime.pool.fetchval(
            "SELECT count(*) FROM scheduler.event_images WHERE event_id = $1", uuid.UUID(made["id"])
        )
        == 0
    )
    version, _ = await scheduler.set_of(env)
    newest = "SELECT data FROM scheduler.events WHERE stream_id = $1 AND type = 'FullSetComputed'"
    data = await scheduler.runtime.pool.fetchval(newest, f"schedules-set-{env}-v{version}")
    assert (json.loads(data) if isinstance(data, str) else data)["items"] == []
