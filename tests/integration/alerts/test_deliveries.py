"""Raised and cleared alerts delivered by the service's own worker: email to a real SMTP server, Slack to a local
stand-in for its webhooks; retried, dead-lettered with the reason, never twice, and readable per alert.

``plan`` stands in for the consumer of ``alerts.AlertRaised``/``AlertCleared`` that records deliveries.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from alerts.adapters.delivery_log import PostgresDeliveryLog
from alerts.domain.deliveries import AlertFired
from alerts.domain.slack import MUTE_ACTION
from alerts.service_layer.deliveries import plan
from tests.integration.alerts.conftest import PUBLIC_URL, AlertsUnderTest, webhook
from tests.support.alert_fired import cleared, fired
from tests.support.service_under_test import member_of, new_organisation
from tests.support.slack import SlackStandIn
from tests.support.smtp import Inbox, body_of
from tests.support.waiting import eventually


async def _plan(alerts: AlertsUnderTest, event: AlertFired) -> int:
    return await plan(PostgresDeliveryLog(alerts.runtime.pool, "alerts"), event, datetime.now(UTC))


async def _log(alerts: AlertsUnderTest, event: AlertFired, organisation_id: int) -> list[dict[str, Any]]:
    path = f"/api/alerts/{event.alert_id}/deliveries?order_by=created_at"
    return list((await alerts.call(member_of(organisation_id, "monitor"), "GET", path)).ok()["objects"])


async def test_a_raise_and_its_clear_are_mailed_saying_what_where_and_how_much(
    alerts: AlertsUnderTest, mailbox: Inbox
) -> None:
    organisation = new_organisation()
    address = f"noc-{uuid.uuid4().hex[:8]}@example.com"
    method = uuid.UUID(await alerts.create(member_of(organisation), "NOC", "email", address))
    raised = fired(method, organisation)
    assert await _plan(alerts, raised) == 1

    async def mailed(count: int) -> None:
        assert len(mailbox.to(address)) == count

    await eventually(lambda: mailed(1))
    await _plan(alerts, cleared(raised))
    await eventually(lambda: mailed(2))

    first, second = mailbox.to(address)
    assert "RAISED: Studio feed starving" in first["Subject"] and "CLEARED" in second["Subject"]
    text = body_of(first)
    for said in ("net_recv.bitrate below 1000", "input studio-feed", str(raised.environment_id), "Value:     850.5",
                 f"{PUBLIC_URL}/alerts/{raised.alert_id}"):  # fmt: skip
        assert said in text, f"{said!r} missing from:\n{text}"
    assert "Value:     1500" in body_of(second) and first["Message-ID"] != second["Message-ID"]

    async def logged() -> None:
        entries = await _log(alerts, raised, organisation)
        assert [(e["state"], e["status"], e["attempts"], e["target"]) for e in entries] == [
            ("raised", "sent", 1, address), ("cleared", "sent", 1, address)]  # fmt: skip

    await eventually(logged)
    assert await _log(alerts, raised, new_organisation()) == []  # another tenant sees nothing of it


async def test_a_raise_is_posted_to_slack_with_a_mute_button_naming_the_alert_and_raise(
    alerts: AlertsUnderTest, slack: SlackStandIn
) -> None:
    organisation, hook = new_organisation(), webhook()
    method = uuid.UUID(await alerts.create(member_of(organisation), "Ops", "slack", hook))
    raised = fired(method, organisation)
    await _plan(alerts, raised)

    async def posted() -> Any:
        assert len(slack.to(hook)) == 1
        return slack.to(hook)[0]

    message = await eventually(posted)
    assert "Alert raised: Studio feed starving" in message["blocks"][0]["text"]["text"]
    section = " ".join(field["text"] for field in message["blocks"][1]["fields"])
    assert "net_recv.bitrate below 1000" in section and "850.5" in section and "studio-feed" in section
    mute = message["blocks"][2]["elements"][0]
    assert (mute["action_id"], mute["value"]) == (MUTE_ACTION, f"{raised.alert_id}:{raised.raise_id}")
    [entry] = await _log(alerts, raised, organisation)
    assert entry["target"].endswith("/********") and hook.rsplit("/", 1)[1] not in str(entry)


async def test_a_failing_webhook_is_retried_then_dead_lettered_with_the_reason(
    alerts: AlertsUnderTest, slack: SlackStandIn
) -> None:
    organisation, failing, gone = new_organisation(), webhook("fail"), webhook("gone")
    method = uuid.UUID(await alerts.create(member_of(organisation), "Flaky", "slack", failing, gone))
    raised = fired(method, organisation)
    assert await _plan(alerts, raised) == 2

    async def given_up() -> list[dict[str, Any]]:
        entries = await _log(alerts, raised, organisation)
        assert [e["status"] for e in entries] == ["dead_lettered", "dead_lettered"], entries
        return entries

    entries = await eventually(given_up)
    tried = sorted((e["attempts"], e["last_error"]) for e in entries)
    assert tried[0][0] == 1 and "404" in tried[0][1] and "no_service" in tried[0][1]  # gone: not worth a retry
    assert tried[1][0] == 3 and "gave up after 3 attempts" in tried[1][1] and "500" in tried[1][1]
    assert (len(slack.to(failing)), len(slack.to(gone))) == (3, 1)
    rows = await alerts.runtime.pool.fetch("SELECT * FROM alerts.deliveries WHERE raise_id = $1", raised.raise_id)
    stored = str([dict(row) for row in rows])
    assert not any(hook.rsplit("/", 1)[1] in stored for hook in (failing, gone))  # failures name no webhook


async def test_a_muted_alert_sends_nothing_and_its_log_says_skipped(alerts: AlertsUnderTest) -> None:
    organisation = new_organisation()
    method = uuid.UUID(await alerts.create(member_of(organisation), "Muted", "email", "muted@example.com"))
    raised = fired(method, organisation, muted=True)
    await _plan(alerts, raised)
    [entry] = await _log(alerts, raised, organisation)
    assert (entry["status"], entry["attempts"], entry["last_error"]) == ("skipped", 0, "the alert is muted")


async def test_the_same_raise_recorded_twice_is_sent_once(alerts: AlertsUnderTest, mailbox: Inbox) -> None:
    organisation, address = new_organisation(), f"once-{uuid.uuid4().hex[:8]}@example.com"
    method = uuid.UUID(await alerts.create(member_of(organisation), "Once", "email", address))
    raised = fired(method, organisation)
    assert (await _plan(alerts, raised), await _plan(alerts, raised)) == (1, 0)

    async def sent() -> None:
        assert [e["status"] for e in await _log(alerts, raised, organisation)] == ["sent"]

    await eventually(sent)
    assert await _plan(alerts, raised) == 0  # redelivered after it was sent: nothing new to send
    assert len(mailbox.to(address)) == 1


async def test_a_guest_who_created_the_alert_reads_its_log_too(alerts: AlertsUnderTest) -> None:
    owner, guest = new_organisation(), new_organisation()
    method = uuid.UUID(await alerts.create(member_of(guest), "Guest", "email", "guest@example.com"))
    raised = fired(method, owner, created_by_organisation_id=guest, muted=True)
    await _plan(alerts, raised)
    assert len(await _log(alerts, raised, guest)) == len(await _log(alerts, raised, owner)) == 1


async def test_an_address_the_smtp_server_refuses_for_good_is_dead_lettered_at_once_and_for_now_after_retries(
    alerts: AlertsUnderTest, mailbox: Inbox
) -> None:
    organisation, tag = new_organisation(), uuid.uuid4().hex[:8]
    refused, busy = f"refused-{tag}@example.com", f"busy-{tag}@example.com"
    method = uuid.UUID(await alerts.create(member_of(organisation), "Bounces", "email", refused, busy))
    raised = fired(method, organisation)
    await _plan(alerts, raised)

    async def given_up() -> dict[str, dict[str, Any]]:
        entries = {e["target"]: e for e in await _log(alerts, raised, organisation)}
        assert [e["status"] for e in entries.values()] == ["dead_lettered", "dead_lettered"], entries
        return entries

    entries = await eventually(given_up)
    assert entries[refused]["attempts"] == 1 and "550" in entries[refused]["last_error"]
    assert entries[busy]["attempts"] == 3 and "gave up after 3 attempts" in entries[busy]["last_error"]
    assert "451" in entries[busy]["last_error"]
    assert mailbox.to(refused) == mailbox.to(busy) == []
