"""Alert methods through the alerts service (A171–A174): the seed's fields and limits, real address checks,
other tenants' methods unseen."""

from __future__ import annotations

import uuid

from tests.integration.alerts.conftest import METHODS, AlertsUnderTest, webhook
from tests.support.service_under_test import member_of, new_organisation


async def test_a_method_is_created_listed_updated_and_deleted(alerts: AlertsUnderTest) -> None:
    operator = member_of(new_organisation(), "operator")
    body = {"name": "  On call  ", "alert_type": "email", "notification_parameters": ["ops@example.com"]}
    reply = await alerts.call(operator, "POST", METHODS, body)
    method = reply.ok(201)
    assert reply.headers["Location"] == method["resource_uri"] == f"{METHODS}/{method['id']}"
    assert (method["name"], method["alert_type"], method["notification_parameters"], method["organisation_id"]) == (
        "On call", "email", ["ops@example.com"], operator.managing_organisation_id
    )  # fmt: skip
    assert [m["id"] for m in (await alerts.call(operator, "GET", METHODS)).ok()["objects"]] == [method["id"]]
    hook = webhook()
    changed = (await alerts.call(operator, "PATCH", method["resource_uri"],
                                 {"alert_type": "slack", "notification_parameters": [hook]})).ok()  # fmt: skip
    assert (changed["name"], changed["alert_type"], changed["created_at"]) == ("On call", "slack", method["created_at"])
    assert changed["notification_parameters"] == ["https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/********"]
    assert (await alerts.call(operator, "DELETE", method["resource_uri"])).status == 204
    assert await alerts.names(operator) == []
    assert (await alerts.call(operator, "DELETE", method["resource_uri"])).status == 404


async def test_webhooks_are_kept_for_delivery_and_forgotten_with_their_method(alerts: AlertsUnderTest) -> None:
    admin, hooks = member_of(new_organisation()), [webhook(), webhook()]
    method_id = await alerts.create(admin, "Slack", "slack", *hooks)
    sql = "SELECT url FROM alerts.slack_webhooks WHERE method_id = $1 ORDER BY position"
    assert [r["url"] for r in await alerts.runtime.pool.fetch(sql, uuid.UUID(method_id))] == hooks
    await alerts.call(admin, "DELETE", f"{METHODS}/{method_id}")
    assert await alerts.runtime.pool.fetch(sql, uuid.UUID(method_id)) == []


async def test_the_list_pages_filters_and_orders_like_every_list(alerts: AlertsUnderTest) -> None:
    admin = member_of(new_organisation())
    for name, alert_type in (("b", "email"), ("a", "slack"), ("c", "email")):
        await alerts.create(admin, name, alert_type, *([webhook()] if alert_type == "slack" else []))
    assert await alerts.names(admin) == ["a", "b", "c"]
    assert await alerts.names(admin, "?alert_type=email&order_by=-name") == ["c", "b"]
    page = (await alerts.call(admin, "GET", f"{METHODS}?limit=1&offset=1")).ok()
    assert page["meta"]["total_count"] == 3 and [m["name"] for m in page["objects"]] == ["b"]
    schema = (await alerts.call(admin, "GET", f"{METHODS}/schema/")).ok()
    assert {"id", "name", "alert_type", "organisation_id", "created_at"} <= set(schema["fields"])


async def test_bad_input_is_a_400_naming_the_field(alerts: AlertsUnderTest) -> None:
    admin = member_of(new_organisation())
    method_id = await alerts.create(admin, "Mail")
    ok = {"name": "x", "alert_type": "email", "notification_parameters": ["ops@example.com"]}
    cases = [
        ("POST", METHODS, {**ok, "alert_type": "sms"}, "alert_type"),
        ("POST", METHODS, {**ok, "name": "   "}, "name"),
        ("POST", METHODS, {**ok, "name": "x" * 66}, "name"),
        ("POST", METHODS, {**ok, "notification_parameters": ["ops@example"]}, "notification_parameters"),
        ("POST", METHODS, {**ok, "notification_parameters": []}, "notification_parameters"),
        ("POST", METHODS, {**ok, "notification_parameters": "ops@example.com"}, "notification_parameters"),
        ("POST", METHODS, {**ok, "alert_type": "slack"}, "notification_parameters"),
        ("POST", METHODS, {**ok, "notification_parameters": [webhook()]}, "notification_parameters"),
        ("POST", METHODS, {"name": "x", "alert_type": "email"}, "notification_parameters"),
        ("POST", METHODS, {**ok, "colour": "red"}, "colour"),
        ("PATCH", f"{METHODS}/{method_id}", {"alert_type": "slack"}, "notification_parameters"),
        ("PATCH", f"{METHODS}/{method_id}", {"notification_parameters": ["https://example.com/hook"]},
         "notification_parameters"),
        ("PATCH", f"{METHODS}/{method_id}", {}, "body"),
    ]  # fmt: skip
    for method, path, body, field in cases:
        reply = await alerts.call(admin, method, path, body)
        assert reply.status == 400, (body, reply.body)
        assert reply.headers["Content-Type"].startswith("application/problem+json")
        assert field in [error["parameter"] for error in reply.body["errors"]], (body, reply.body)
    assert await alerts.names(admin) == ["Mail"]
    assert (await alerts.call(admin, "POST", METHODS, {**ok, "name": "x" * 65})).status == 201


async def test_another_tenants_method_or_an_unknown_one_is_not_found(alerts: AlertsUnderTest) -> None:
    owner, stranger = member_of(new_organisation()), member_of(new_organisation())
    method_id = await alerts.create(owner, "Mail")
    for target in (method_id, str(uuid.uuid4()), "not-a-uuid"):
        assert (await alerts.call(stranger, "PATCH", f"{METHODS}/{target}", {"name": "Mine"})).status == 404
        assert (await alerts.call(stranger, "DELETE", f"{METHODS}/{target}")).status == 404
    assert await alerts.names(stranger) == []
    assert await alerts.names(owner) == ["Mail"]


async def test_a_monitor_lists_but_may_not_write(alerts: AlertsUnderTest) -> None:
    organisation_id = new_organisation()
    await alerts.create(member_of(organisation_id), "Mail")
    monitor = member_of(organisation_id, "monitor")
    assert await alerts.names(monitor) == ["Mail"]
    body = {"name": "Mine", "alert_type": "email", "notification_parameters": ["ops@example.com"]}
    assert (await alerts.call(monitor, "POST", METHODS, body)).status == 403
