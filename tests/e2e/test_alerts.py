"""HTTP → gateway → alerts, streams and the environment's real agent: an alert on an input's bitrate below a
threshold is held by the agent as its alert set; the input stopped (its simulated bitrate drops to 0) raises the
alert, which the input's alerts show, a notification tells the organisation, and one email (a real SMTP server) and
one Slack message (a stand-in for Slack's webhooks) say; started again, the alert clears and says so by both. Muted,
the next raise is still seen (evaluation goes on) but sends nothing."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api
from tests.support.environments import known_to_streams
from tests.support.platform import Platform
from tests.support.slack import SlackStandIn
from tests.support.smtp import Inbox
from tests.support.waiting import eventually


async def _alert(api: Api, environment_id: str, input_id: str) -> dict[str, Any]:
    [alert] = (await api.get(f"/api/customer_environment/{environment_id}/inputs/{input_id}/alerts")).ok()["objects"]
    return dict(alert)


async def _categories(api: Api, alert_id: str) -> list[str]:
    notifications = (await api.get("/api/notifications")).ok()["objects"]
    return sorted(n["category"] for n in notifications if n["resource_id"] == alert_id)


HOOK = "https://hooks.slack.com/services/T0E2E0001/B0E2E0001/e2eAlertingSecret0001"
ADDRESS = "oncall-e2e@example.com"


def _said(mailbox: Inbox, slack: SlackStandIn) -> tuple[list[str], list[str]]:
    """The subjects mailed to the on-call address and the texts posted to its Slack channel."""
    return [m["Subject"] for m in mailbox.to(ADDRESS)], [post["text"] for post in slack.to(HOOK)]


async def test_a_stopped_input_raises_its_bitrate_alert_and_starting_it_clears_it(
    platform: Platform, broadcaster: tuple[Api, dict[str, Any]], mailbox: Inbox, slack: SlackStandIn
) -> None:
    api, _ = broadcaster
    environment_id = (await api.post("/api/customer_environment", {"name": "alerting"})).ok(201)["id"]

    async def running() -> None:
        assert (await api.get(f"/api/customer_environment/{environment_id}")).ok()["state"] == "running"

    await eventually(running, within=45)
    await known_to_streams(api, environment_id)
    env = f"/api/customer_environment/{environment_id}"
    (await api.post(f"{env}/inputs/zixi_push", {"id": "alerting-cam"})).ok(201)
    mail = {"name": "On call", "alert_type": "email", "notification_parameters": [ADDRESS]}
    method = (await api.post("/api/alert_methods", mail)).ok(201)
    channel = {"name": "NOC channel", "alert_type": "slack", "notification_parameters": [HOOK]}
    slack_method = (await api.post("/api/alert_methods", channel)).ok(201)
    body = {"environment_id": environment_id, "input_ids": ["alerting-cam"], "alert_method_id": method["id"],
            "alert_on_query": "net_recv.bitrate", "query_param": "lt", "query_value": [1], "query_time_range": "10s",
            "alert_check_frequency": "10s", "alert_after": None, "alert_repeat": "1h"}  # fmt: skip

    async def created() -> str:
        reply = await api.post("/api/alerts", body)  # alerts learns of the input from streams' event
        assert reply.status == 201, reply.body
        return str(reply.body["objects"][0]["id"])

    alert_id = await eventually(created, within=20)

    async def held() -> None:
        directory = platform.agent_dir(environment_id)
        path = directory / "alerts.json" if directory else None
        assert path is not None and path.exists() and alert_id in path.read_text()

    await eventually(held, within=20)

    (await api.post(f"{env}/inputs/alerting-cam/stop")).ok(202)

    async def raised() -> None:
        assert (await _alert(api, environment_id, "alerting-cam"))["is_alerting"]
        assert await _categories(api, alert_id) == ["alert_raised"]

    await eventually(raised, within=90)
    (await api.post(f"{env}/inputs/alerting-cam/start")).ok(202)

    async def cleared() -> None:
        alert = await _alert(api, environment_id, "alerting-cam")
        assert not alert["is_alerting"] and alert["value"] is not None and alert["value"] > 1
        assert await _categories(api, alert_id) == ["alert_cleared", "alert_raised"]

    await eventually(cleared, within=90)

    async def delivered(mails: int, posts: int) -> list[str]:
        subjects, texts = _said(mailbox, slack)
        assert (len(subjects), len(texts)) == (mails, posts), (subjects, texts)
        return subjects

    subjects = await eventually(lambda: delivered(2, 0), within=30)
    assert [s.split(":")[0] for s in subjects] == ["[Switchyard] RAISED", "[Switchyard] CLEARED"]
    assert all("alerting-cam" in s for s in subjects)

    # the same alert through Slack: raised and cleared again, posted twice, mailed no more
    (await api.patch(f"/api/alerts/{alert_id}", {"alert_method_id": slack_method["id"]})).ok()
    (await api.post(f"{env}/inputs/alerting-cam/stop")).ok(202)
    await eventually(lambda: delivered(2, 1), within=90)
    (await api.post(f"{env}/inputs/alerting-cam/start")).ok(202)
    await eventually(lambda: delivered(2, 2), within=90)
    before = _said(mailbox, slack)

    # muted: the next raise is still decided (and logged as skipped), and nothing is sent
    (await api.post("/api/alerts/mute", {"alert_ids": [alert_id]})).ok(204)
    (await api.post(f"{env}/inputs/alerting-cam/stop")).ok(202)

    async def skipped() -> None:
        log = (await api.get(f"/api/alerts/{alert_id}/deliveries?limit=100")).ok()["objects"]
        assert [d["status"] for d in log if d["state"] == "raised"].count("skipped") == 1, log

    await eventually(skipped, within=90)
    assert _said(mailbox, slack) == before
