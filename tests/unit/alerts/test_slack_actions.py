"""Slack's request signature (a property: only the exact signed request, recent enough, verifies) and the mute
action on an in-memory delivery log and muting."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from alerts.domain import slack
from alerts.service_layer.slack_actions import MutingUnavailable, mute_for_an_hour
from common.errors import Invalid, NotFound

NOW = 1_790_000_000
secrets = st.binary(min_size=1, max_size=64)
bodies = st.binary(max_size=512)
skews = st.integers(-slack.TOLERANCE_SECONDS, slack.TOLERANCE_SECONDS)


@given(secrets, bodies, skews)
def test_a_request_signed_with_the_secret_within_five_minutes_verifies(secret: bytes, body: bytes, skew: int) -> None:
    timestamp = str(NOW + skew)
    slack.verify(secret, timestamp, slack.sign(secret, timestamp, body), body, NOW)


@given(secrets, bodies, st.binary(min_size=1, max_size=8), st.integers(0, 511))
def test_a_tampered_body_never_verifies(secret: bytes, body: bytes, patch: bytes, at: int) -> None:
    timestamp = str(NOW)
    signature = slack.sign(secret, timestamp, body)
    tampered = body[: at % (len(body) + 1)] + patch + body[at % (len(body) + 1) :]
    with pytest.raises(Invalid) as refused:
        slack.verify(secret, timestamp, signature, tampered, NOW)
    assert refused.value.field == slack.SIGNATURE


@given(secrets, secrets, bodies)
def test_another_secrets_signature_never_verifies(secret: bytes, other: bytes, body: bytes) -> None:
    assume(other != secret)
    timestamp = str(NOW)
    with pytest.raises(Invalid):
        slack.verify(secret, timestamp, slack.sign(other, timestamp, body), body, NOW)


@given(secrets, bodies)
def test_a_signature_moved_to_another_timestamp_never_verifies(secret: bytes, body: bytes) -> None:
    with pytest.raises(Invalid):
        slack.verify(secret, str(NOW + 1), slack.sign(secret, str(NOW), body), body, NOW)


@given(secrets, bodies, st.integers(slack.TOLERANCE_SECONDS + 1, 10**6), st.sampled_from([-1, 1]))
def test_a_stale_or_future_timestamp_never_verifies_even_signed(secret: bytes, body: bytes, off: int, way: int) -> None:
    timestamp = str(NOW + way * off)
    with pytest.raises(Invalid) as refused:
        slack.verify(secret, timestamp, slack.sign(secret, timestamp, body), body, NOW)
    assert refused.value.field == slack.TIMESTAMP


@pytest.mark.parametrize(
    ("secret", "timestamp", "signature"),
    [(None, str(NOW), "v0=x"), (b"s", None, "v0=x"), (b"s", "12ab", "v0=x"), (b"s", str(NOW), None),
     (b"s", str(NOW), "v0=é")],
)  # fmt: skip
def test_a_request_missing_a_part_is_refused(
    secret: bytes | None, timestamp: str | None, signature: str | None
) -> None:
    with pytest.raises(Invalid):
        slack.verify(secret, timestamp, signature, b"payload=%7B%7D", NOW)


class SlackRaises:
    def __init__(self, known: dict[tuple[uuid.UUID, uuid.UUID], int]) -> None:
        self.known = known

    async def slack_raise(self, alert_id: uuid.UUID, raise_id: uuid.UUID) -> int | None:
        return self.known.get((alert_id, raise_id))


class MemoryMuting:
    def __init__(self) -> None:
        self.muted: dict[uuid.UUID, tuple[int, datetime]] = {}

    async def mute_for(self, alert_id: uuid.UUID, organisation_id: int, until: datetime) -> None:
        self.muted[alert_id] = (organisation_id, until)


async def test_the_button_mutes_the_alert_for_an_hour_for_the_organisation_the_log_names() -> None:
    alert, raise_, muting = uuid.uuid4(), uuid.uuid4(), MemoryMuting()
    now = datetime(2026, 12, 2, 10, tzinfo=UTC)
    until = await mute_for_an_hour(SlackRaises({(alert, raise_): 77}), muting, alert, raise_, now)  # type: ignore[arg-type]
    assert until == now + timedelta(hours=1) and muting.muted == {alert: (77, until)}


async def test_a_raise_never_sent_to_slack_mutes_nothing() -> None:
    alert, muting = uuid.uuid4(), MemoryMuting()
    with pytest.raises(NotFound):
        await mute_for_an_hour(SlackRaises({(alert, uuid.uuid4()): 77}), muting, alert, uuid.uuid4(),  # type: ignore[arg-type]
                               datetime.now(UTC))  # fmt: skip
    assert muting.muted == {}


@pytest.mark.parametrize("value", ["", "nope", f"{uuid.uuid4()}", f"{uuid.uuid4()}:x", None])
def test_a_button_value_not_naming_an_alert_and_raise_is_invalid(value: object) -> None:
    with pytest.raises(Invalid):
        slack.parse_action_value(value)


async def test_without_muting_wired_a_known_raise_is_503() -> None:
    alert, raise_ = uuid.uuid4(), uuid.uuid4()
    with pytest.raises(MutingUnavailable):
        await mute_for_an_hour(SlackRaises({(alert, raise_): 7}), None, alert, raise_, datetime.now(UTC))  # type: ignore[arg-type]
