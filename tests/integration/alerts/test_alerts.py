"""Alerts through the routes on the real service: created on an owner's inputs and a guest's output, checked
field by field, listed per input and output, updated, muted, paused, deleted one, many and by environment; the
alert set of the environment follows every change; a deleted input takes its alerts; a method in use stays."""

from __future__ import annotations

import uuid
from typing import Any

from alerts.context import runner
from common import full_sets
from common.http.principal import GuestAccess, Principal
from common.unit_of_work import UnitOfWork
from tests.integration.alerts.conftest import AlertsUnderTest
from tests.support.service_under_test import member_of, new_organisation

ALERTS = "/api/alerts"


def rule(**changed: Any) -> dict[str, Any]:
    return {"alert_on_query": "net_recv.bitrate", "query_param": "lt", "query_value": [1000],
            "query_time_range": "1m", "alert_check_frequency": "1m", "alert_after": None, "alert_repeat": "5m",
            **changed}  # fmt: skip


async def _set(alerts: AlertsUnderTest, environment_id: uuid.UUID) -> tuple[int, list[str]]:
    """The newest alert set computed for the environment (what its agent is sent): its version and alert ids."""

    async def newest(work: UnitOfWork) -> tuple[full_sets.FullSet, full_sets.Items]:
        return await full_sets.newest(work, "alerts", environment_id)

    held, items = await runner(alerts.runtime)(newest)
    return held.version, sorted(str(item["alert_id"]) for item in items)


async def _world(alerts: AlertsUnderTest) -> tuple[Principal, Principal, uuid.UUID, str]:
    owner, guest = member_of(new_organisation()), member_of(new_organisation(), "operator")
    assert owner.managing_organisation_id and guest.managing_organisation_id
    environment_id = await alerts.environment(owner.managing_organisation_id)
    for input_id in ("cam-1", "cam-2"):
        await alerts.endpoint("input", owner.managing_organisation_id, environment_id, input_id)
    await alerts.endpoint("output", guest.managing_organisation_id, environment_id, "out-g")
    return owner, guest, environment_id, await alerts.create(owner, "Mail")


async def test_alerts_are_created_on_inputs_and_outputs_and_listed_per_endpoint(alerts: AlertsUnderTest) -> None:
    owner, guest, environment_id, method_id = await _world(alerts)
    body = {"environment_id": str(environment_id), "input_ids": ["cam-1"], "source_id": "cam-2",
            "alert_method_id": method_id, **rule()}  # fmt: skip
    made = (await alerts.call(owner, "POST", ALERTS, body)).ok(201)["objects"]
    assert [(a["input_id"], a["status"], a["is_alerting"], a["muted"]) for a in made] == [
        ("cam-1", "active", False, False), ("cam-2", "active", False, False)]  # fmt: skip
    guest_method = await alerts.create(guest, "Guest mail")
    guest_body = {"environment_id": str(environment_id), "destination_id": "out-g", "alert_method_id": guest_method,
                  **rule(query_param="outside_range", query_value=[500, 9000], alert_after="30s")}  # fmt: skip
    guests = (await alerts.call(guest, "POST", ALERTS, guest_body)).ok(201)["objects"]
    assert guests[0]["organisation_id"] == owner.managing_organisation_id
    assert guests[0]["created_by_organisation_id"] == guest.managing_organisation_id

    env = f"/api/customer_environment/{environment_id}"
    of_input = (await alerts.call(owner, "GET", f"{env}/inputs/cam-1/alerts")).ok()["objects"]
    assert [a["id"] for a in of_input] == [made[0]["id"]]
    assert (await alerts.call(guest, "GET", f"{env}/inputs/cam-1/alerts")).ok()["objects"] == []
    of_output = (await alerts.call(guest, "GET", f"{env}/outputs/out-g/alerts")).ok()["objects"]
    assert [a["query_value"] for a in of_output] == [[500.0, 9000.0]]
    assert (await alerts.call(owner, "GET", f"{env}/outputs/out-g/alerts")).ok()["objects"] == []
    current = (await alerts.call(owner, "GET", f"{ALERTS}/current")).ok()["environments"]
    mine = next(e for e in current if e["environment_id"] == str(environment_id))
    assert [i["id"] for i in mine["inputs"]] == ["cam-1", "cam-2"] and mine["outputs"][0]["id"] == "out-g"
    version, items = await _set(alerts, environment_id)
    assert version == 2 and items == sorted(a["id"] for a in [*made, *guests])


async def test_a_rule_that_does_not_fit_is_refused_naming_its_field_and_nothing_is_made(
    alerts: AlertsUnderTest,
) -> None:
    owner, guest, environment_id, method_id = await _world(alerts)
    base = {"environment_id": str(environment_id), "input_ids": ["cam-1"], "alert_method_id": method_id}
    cases: list[tuple[dict[str, Any], int, str | None]] = [
        (rule(query_value=[]), 400, "query_value"),
        (rule(query_param="within_range", query_value=[10]), 400, "query_value"),
        (rule(alert_on_query="net_recv.loss_millipercent", query_value=[100_001]), 400, "query_value"),
        (rule(query_time_range="2m"), 400, "query_time_range"),
        (rule(alert_check_frequency="90"), 400, "alert_check_frequency"),
        (rule(alert_repeat="6m"), 400, "alert_repeat"),
        (rule(alert_on_query="cpu"), 400, "alert_on_query"),
        ({**rule(), "input_ids": []}, 400, None),
        ({**rule(), "input_ids": ["nope"]}, 404, "input_ids"),
        ({**rule(), "alert_method_id": await alerts.create(guest, "Not yours")}, 404, "alert_method_id"),
        ({**rule(), "environment_id": str(uuid.uuid4())}, 404, "environment_id"),
    ]
    for changed, status, field in cases:
        reply = await alerts.call(owner, "POST", ALERTS, {**base, **changed})
        assert reply.status == status, (changed, reply.body)
        if field is not None:
            assert field in str(reply.body), (field, reply.body)
    # a guest cannot put alerts on the owner's inputs
    guest_method = await alerts.create(guest, "G")
    reply = await alerts.call(guest, "POST", ALERTS, {**base, "alert_method_id": guest_method, **rule()})
    assert reply.status == 404
    assert await _set(alerts, environment_id) == (0, [])


async def test_update_mute_pause_and_delete_change_the_alert_and_its_set(alerts: AlertsUnderTest) -> None:
    owner, guest, environment_id, method_id = await _world(alerts)
    body = {"environment_id": str(environment_id), "input_ids": ["cam-1", "cam-2"], "alert_method_id": method_id,
            **rule()}  # fmt: skip
    first, second = [a["id"] for a in (await alerts.call(owner, "POST", ALERTS, body)).ok(201)["objects"]]
    reply = await alerts.call(owner, "PATCH", f"{ALERTS}/{first}", {"query_param": "within_range"})
    assert reply.status == 400 and "query_value" in str(reply.body)
    changed = (await alerts.call(owner, "PATCH", f"{ALERTS}/{first}", {
        "query_param": "within_range", "query_value": [10, 20], "alert_after_time": "5m"})).ok()  # fmt: skip
    assert (changed["query_param"], changed["query_value"], changed["alert_after"]) == ("within_range", [10, 20], "5m")
    assert (await alerts.call(guest, "PATCH", f"{ALERTS}/{first}", {"name": "x"})).status == 404

    (await alerts.call(owner, "POST", f"{ALERTS}/mute", {"alert_ids": [first]})).ok(204)
    version, items = await _set(alerts, environment_id)
    assert items == [second]
    stranger = [first, str(uuid.uuid4())]
    assert (await alerts.call(owner, "POST", f"{ALERTS}/unmute", {"alert_ids": stranger})).status == 404
    assert (await _set(alerts, environment_id)) == (version, [second])
    (await alerts.call(owner, "POST", f"{ALERTS}/unmute", {"alert_ids": [first]})).ok(204)
    assert sorted((await _set(alerts, environment_id))[1]) == sorted([first, second])

    paused = (await alerts.call(owner, "POST", f"{ALERTS}/{second}/status", {"action": "deactivate"})).ok()
    assert paused["status"] == "paused"
    assert (await alerts.call(owner, "POST", f"{ALERTS}/{second}/status", {"action": "pause"})).status == 400

    (await alerts.call(owner, "DELETE", f"{ALERTS}/{second}")).ok(204)
    assert (await alerts.call(owner, "DELETE", f"{ALERTS}/{second}")).status == 404
    (await alerts.call(owner, "POST", f"{ALERTS}/delete", {"alert_ids": [first]})).ok(204)
    assert await _set(alerts, environment_id) == (version + 4, [])


async def test_a_guest_deletes_its_own_output_alerts_and_the_owner_its_input_alerts_by_environment(
    alerts: AlertsUnderTest,
) -> None:
    owner, guest, environment_id, method_id = await _world(alerts)
    mine = {"environment_id": str(environment_id), "input_ids": ["cam-1"], "alert_method_id": method_id, **rule()}
    (await alerts.call(owner, "POST", ALERTS, mine)).ok(201)
    theirs = {"environment_id": str(environment_id), "output_ids": ["out-g"],
              "alert_method_id": await alerts.create(guest, "G"), **rule()}  # fmt: skip
    guest_alert = (await alerts.call(guest, "POST", ALERTS, theirs)).ok(201)["objects"][0]["id"]
    (await alerts.call(owner, "DELETE", f"/api/customer_environment/{environment_id}/alerts")).ok(204)
    assert (await _set(alerts, environment_id))[1] == [guest_alert]
    (await alerts.call(guest, "DELETE", f"{ALERTS}/{guest_alert}")).ok(204)
    assert (await _set(alerts, environment_id))[1] == []


async def test_a_deleted_input_takes_its_alerts_and_a_method_in_use_is_not_deleted(alerts: AlertsUnderTest) -> None:
    owner, _, environment_id, method_id = await _world(alerts)
    assert owner.managing_organisation_id
    body = {"environment_id": str(environment_id), "input_ids": ["cam-1"], "alert_method_id": method_id, **rule()}
    (await alerts.call(owner, "POST", ALERTS, body)).ok(201)
    reply = await alerts.call(owner, "DELETE", f"/api/alert_methods/{method_id}")
    assert reply.status == 409 and "1 alert" in str(reply.body)
    await alerts.endpoint("input", owner.managing_organisation_id, environment_id, "cam-1", version=2, deleted=True)
    assert (await _set(alerts, environment_id))[1] == []
    (await alerts.call(owner, "DELETE", f"/api/alert_methods/{method_id}")).ok(204)


async def test_the_endpoints_for_alerts_of_the_active_environment(alerts: AlertsUnderTest) -> None:
    owner, guest, environment_id, _ = await _world(alerts)
    member = owner.model_copy(update={"active_environment_id": environment_id})
    seen = (await alerts.call(member, "GET", f"{ALERTS}/endpoints")).ok()
    assert (seen["input_ids"], seen["output_ids"]) == (["cam-1", "cam-2"], ["out-g"])
    nobody = (await alerts.call(guest, "GET", f"{ALERTS}/endpoints")).ok()
    assert (nobody["environment_id"], nobody["input_ids"], nobody["output_ids"]) == (None, [], [])
    access = GuestAccess(invitation_id=uuid.uuid4(), source_organisation_id=owner.managing_organisation_id or 0,
                         show_all_channels=False, show_all_events=False, registered=True, billing_source="guest",
                         global_max_destinations=5)  # fmt: skip
    as_guest = guest.model_copy(update={"active_organisation_id": owner.managing_organisation_id, "active_role": None,
                                        "active_guest": access, "active_environment_id": environment_id})  # fmt: skip
    theirs = (await alerts.call(as_guest, "GET", f"{ALERTS}/endpoints")).ok()
    assert (theirs["input_ids"], theirs["output_ids"]) == ([], ["out-g"])


async def test_a_deleted_organisation_takes_its_alerts_and_a_guests_leave_the_owners_set(
    alerts: AlertsUnderTest,
) -> None:
    owner, guest, environment_id, method_id = await _world(alerts)
    mine = {"environment_id": str(environment_id), "input_ids": ["cam-1"], "alert_method_id": method_id, **rule()}
    kept = (await alerts.call(owner, "POST", ALERTS, mine)).ok(201)["objects"][0]["id"]
    theirs = {"environment_id": str(environment_id), "output_ids": ["out-g"],
              "alert_method_id": await alerts.create(guest, "G"), **rule()}  # fmt: skip
    (await alerts.call(guest, "POST", ALERTS, theirs)).ok(201)
    assert guest.managing_organisation_id
    await alerts.delete_organisation(guest.managing_organisation_id)
    await alerts.until(
        "SELECT count(*) FROM alerts.alerts WHERE created_by_organisation_id = $1 AND NOT deleted",
        guest.managing_organisation_id, expect=0,
    )  # fmt: skip
    assert (await _set(alerts, environment_id))[1] == [kept]
