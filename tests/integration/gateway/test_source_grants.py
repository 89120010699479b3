"""What a guest may take: inputs (A213, A214), event labels (A117, A118), channel visibility (A217) and
maximum destinations (A219), each announced on the bus for the services that enforce it."""

from __future__ import annotations

import uuid

from tests.integration.gateway.conftest import GatewayUnderTest, Tenant
from tests.integration.gateway.messages import next_matching


async def _pair(gateway: GatewayUnderTest, prefix: str) -> tuple[Tenant, Tenant, dict[str, object]]:
    owner, guest = await gateway.tenant(f"{prefix}-owner"), await gateway.tenant(f"{prefix}-guest")
    return owner, guest, await gateway.guest_of(owner, guest)


async def test_granting_and_revoking_an_input(gateway: GatewayUnderTest) -> None:
    owner, guest, invitation = await _pair(gateway, "input")
    environment_id = await gateway.environment(owner.organisation_id)
    path = f"/api/source_invitations/{invitation['id']}/inputs"
    taps = await gateway.tap()
    reply = await owner.api.post(path, {"input_id": "cam-1", "environment_id": str(environment_id)})
    granted = reply.ok(201)
    assert reply.headers["Location"] == granted["resource_uri"] == f"{path}/cam-1"
    await next_matching(taps, "gateway.SourceInputAccessGranted", input_id="cam-1", environment_id=str(environment_id))
    assert (await owner.api.post(path, {"input_id": "cam-1"})).status == 409
    [listed] = (await owner.api.get("/api/source_invitations")).ok()["objects"]
    assert listed["input_ids"] == ["cam-1"]
    assert (await owner.api.delete(f"{path}/cam-1")).status == 204
    await next_matching(
        taps, "gateway.SourceInputAccessRevoked", input_id="cam-1", guest_organisation_id=guest.organisation_id
    )
    assert (await owner.api.delete(f"{path}/cam-1")).status == 404


async def test_input_grants_are_validated_and_confined_to_the_owner(gateway: GatewayUnderTest) -> None:
    owner, guest, invitation = await _pair(gateway, "confined")
    path = f"/api/source_invitations/{invitation['id']}/inputs"
    bad = await owner.api.post(path, {"input_id": "has spaces"})
    assert bad.status == 400 and bad.body["errors"][0]["parameter"] == "input_id"
    foreign = await owner.api.post(path, {"input_id": "cam", "environment_id": str(uuid.uuid4())})
    assert foreign.status == 400 and foreign.body["errors"][0]["parameter"] == "environment_id"
    assert (await guest.api.post(path, {"input_id": "cam"})).status == 404
    monitor = await gateway.member(owner, "monitor")
    assert (await monitor.api.post(path, {"input_id": "cam"})).status == 403


async def test_granting_and_revoking_a_label(gateway: GatewayUnderTest) -> None:
    owner, guest, invitation = await _pair(gateway, "label")
    label = (await owner.api.post("/api/labels", {"text": "Cup"})).ok(201)
    foreign = (await guest.api.post("/api/labels", {"text": "Theirs"})).ok(201)
    path = f"/api/source_invitations/{invitation['id']}/labels"
    assert (await owner.api.post(path, {"label_id": foreign["id"]})).status == 404, "not the owner's label"
    taps = await gateway.tap()
    granted = (await owner.api.post(path, {"label_id": label["id"]})).ok(201)
    assert granted["resource_uri"] == f"{path}/{label['id']}"
    await next_matching(taps, "gateway.SourceLabelAccessGranted", label_id=label["id"])
    assert (await owner.api.post(path, {"label_id": label["id"]})).status == 409
    assert (await owner.api.delete(f"{path}/{label['id']}")).status == 204
    await next_matching(taps, "gateway.SourceLabelAccessRevoked", label_id=label["id"])
    assert (await owner.api.delete(f"{path}/{label['id']}")).status == 404


async def test_channel_visibility_per_environment_by_invitation_token(gateway: GatewayUnderTest) -> None:
    owner, guest, invitation = await _pair(gateway, "visible")
    environment_id = await gateway.environment(owner.organisation_id)
    path = f"/api/source_invitations/{invitation['token']}/environments/{environment_id}/channel_visibility"
    taps = await gateway.tap()
    updated = (await owner.api.put(path, {"show_all_channels": True})).ok()
    assert updated["environments"] == [
        {"environment_id": str(environment_id), "show_all_channels": True, "max_destinations": None}
    ]
    await next_matching(taps, "gateway.SourceEnvironmentSettingsChanged", show_all_channels=True)
    assert (await guest.api.put(path, {"show_all_channels": False})).status == 404
    elsewhere = await gateway.environment(guest.organisation_id)
    foreign_env = f"/api/source_invitations/{invitation['token']}/environments/{elsewhere}/channel_visibility"
    assert (await owner.api.put(foreign_env, {"show_all_channels": True})).status == 404
    unknown = f"/api/source_invitations/{'z' * 43}/environments/{environment_id}/channel_visibility"
    assert (await owner.api.put(unknown, {"show_all_channels": True})).status == 404
    assert (await owner.api.put(path, {"show_all_channels": "maybe"})).status == 400


async def test_max_destinations_globally_or_per_environment(gateway: GatewayUnderTest) -> None:
    owner, _, invitation = await _pair(gateway, "maxdest")
    environment_id = await gateway.environment(owner.organisation_id)
    path = f"/api/source_invitations/{invitation['token']}/max_destinations"
    assert (await owner.api.put(path, {"max_destinations": 6})).ok()["global_max_destinations"] == 6
    scoped = (await owner.api.put(path, {"max_destinations": 2, "environment_id": str(environment_id)})).ok()
    assert scoped["global_max_destinations"] == 6
    assert scoped["environments"][0]["max_destinations"] == 2
    for value in (0, 11):
        bad = await owner.api.put(path, {"max_destinations": value})
        assert bad.status == 400 and bad.body["errors"][0]["parameter"] == "max_destinations"
    operator = await gateway.member(owner, "operator")
    assert (await operator.api.put(path, {"max_destinations": 3})).status == 403
