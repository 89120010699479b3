"""Output decisions: the aggregate's lives and versions, passwords needed exactly when encrypted, the seed's limits
per kind at their boundaries. (RTMP addresses: ``test_rtmp_addresses``.)"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from common.errors import Conflict, Invalid, NotFound
from streams.contract.outputs import CREATE, UPDATE
from streams.domain import output_secrets, outputs
from streams.domain.events import OutputChanged, OutputCreated

ENV = uuid.uuid4()
RIST = {"id": "r", "host": "h", "port": 5000}


def created() -> outputs.Output:
    return outputs.fold(outputs.create(outputs.Output(), 7, ENV, "o", "rtmp", {"url": "rtmp://x"}))


def test_an_output_lives_deletes_and_lives_again_with_growing_versions() -> None:
    first = outputs.create(outputs.Output(), 7, ENV, "o", "rtmp", {"url": "rtmp://x"})
    assert isinstance(first[0], OutputCreated) and first[0].version == 1
    current = outputs.fold(first)
    with pytest.raises(Conflict):
        outputs.create(current, 7, ENV, "o", "rtmp", {})
    gone = outputs.fold([*first, *outputs.delete(current, ENV)])
    assert (gone.live, gone.version) == (False, 2)
    assert outputs.create(gone, 7, ENV, "o", "rist", {})[0].version == 3  # type: ignore[attr-defined]


def test_a_change_to_the_same_configuration_records_nothing_unless_a_secret_was_sent() -> None:
    current = created()
    assert outputs.change(current, ENV, "rtmp", {"url": "rtmp://x"}, new_secret=False) == []
    [changed] = outputs.change(current, ENV, "rtmp", {"url": "rtmp://x"}, new_secret=True)
    assert isinstance(changed, OutputChanged) and changed.version == 2
    with pytest.raises(Conflict):
        outputs.change(current, ENV, "rist", {}, new_secret=False)
    with pytest.raises(NotFound):
        outputs.change(current, uuid.uuid4(), "rtmp", {}, new_secret=False)


@pytest.mark.parametrize(
    ("encryption", "kept", "sent", "marked", "change"),
    [
        (1, False, "p" * 10, True, output_secrets.SecretChanges(keep={"password": "p" * 10})),
        (2, True, None, True, output_secrets.UNCHANGED),
        (0, True, None, False, output_secrets.SecretChanges(forget=frozenset({"password"}))),
        (0, False, None, False, output_secrets.UNCHANGED),
    ],
)
def test_a_password_is_kept_exactly_while_encrypted(
    encryption: int, kept: bool, sent: str | None, marked: bool, change: output_secrets.SecretChanges
) -> None:
    before = {output_secrets.PASSWORD_SET: kept}
    settings, decided = output_secrets.secure("srt_caller", {"encryption_type": encryption}, before, sent)
    assert (settings[output_secrets.PASSWORD_SET], decided) == (marked, change)


def test_encryption_without_a_password_or_a_password_without_encryption_is_invalid() -> None:
    with pytest.raises(Invalid):
        output_secrets.secure("srt_listener", {"encryption_type": 3}, {}, None)
    with pytest.raises(Invalid):
        output_secrets.secure("srt_listener", {"encryption_type": 0}, {}, "p" * 10)
    assert output_secrets.secure("rist", {"ttl": 0}, {}, None) == ({"ttl": 0}, output_secrets.UNCHANGED)


@pytest.mark.parametrize(
    ("kind", "body", "valid"),
    [
        ("srt_listener", {"latency": 1}, True), ("srt_listener", {"latency": 599_999}, True),
        ("srt_listener", {"latency": 0}, False), ("srt_listener", {"latency": 600_000}, False),
        ("srt_listener", {"port": 1025}, True), ("srt_listener", {"port": 1024}, False),
        ("srt_listener", {"encryption_type": 3}, True), ("srt_listener", {"encryption_type": 4}, False),
        ("srt_listener", {"password": "p" * 10}, True), ("srt_listener", {"password": "p" * 81}, False),
        ("srt_caller", {"host": "h", "port": 65_535}, True), ("srt_caller", {"host": "h", "port": 65_536}, False),
        ("rist", {**RIST, "ttl": 225}, True), ("rist", {**RIST, "ttl": 226}, False),
        ("rist", {**RIST, "local_port": 1025}, True), ("rist", {**RIST, "local_port": 4444}, False),
        ("rist", {**RIST, "fec": 1, "rows_d": 4, "columns_l": 1}, True),
        ("rist", {**RIST, "fec": 1, "rows_d": 21}, False),
        ("rist", {**RIST, "port": 65_534}, True), ("rist", {**RIST, "port": 65_535}, False),
        ("rtmp", {"url": "rtmps://x"}, True), ("rtmp", {"url": "rtmp:/x"}, False),
        ("zixi_push", {"host": "z", "port": 0, "stream_id": "s" * 100}, True),
        ("zixi_push", {"host": "z", "port": 0, "stream_id": "s" * 101}, False),
        ("zixi_pull", {"stream_id": "s", "remote_id": "r" * 100}, True),
        ("zixi_pull", {"stream_id": "s", "user_description": "d" * 256}, False),
    ],
)  # fmt: skip
def test_the_seeds_limits_at_their_boundaries(kind: Any, body: dict[str, Any], valid: bool) -> None:
    model = CREATE[kind]
    if valid:
        model.model_validate({"id": "o", **body})
    else:
        with pytest.raises(ValidationError):
            model.model_validate({"id": "o", **body})


def test_rist_fec_defaults_its_matrix_to_ten_and_a_negative_zixi_latency_means_the_remote_one() -> None:
    on = CREATE["rist"].model_validate({**RIST, "fec": 2}).model_dump()
    assert (on["rows_d"], on["columns_l"]) == (10, 10)
    off = CREATE["rist"].model_validate({**RIST, "rows_d": 5}).model_dump()
    assert (off["rows_d"], off["columns_l"]) == (None, None)
    assert (
        CREATE["zixi_pull"].model_validate({"id": "o", "stream_id": "s", "latency": -1}).model_dump()["latency"] is None
    )
    with pytest.raises(ValidationError):
        UPDATE["rtmp"].model_validate({})
