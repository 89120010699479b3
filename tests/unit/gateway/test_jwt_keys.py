"""JWT signing keys rotate: the first key signs, every listed key verifies, a removed key no longer does."""

from __future__ import annotations

import uuid

import pytest

from gateway.adapters.tokens import InvalidToken, JwtCodec
from gateway.config import GatewaySettings

OLD, NEW = ("2025", b"o" * 40), ("2026", b"n" * 40)


def test_a_token_signed_with_the_previous_key_verifies_until_that_key_is_removed() -> None:
    user_id = uuid.uuid4()
    issued_before = JwtCodec([OLD], "switchyard", 60).issue(user_id)
    rotated = JwtCodec([NEW, OLD], "switchyard", 60)
    assert rotated.verify(issued_before)["sub"] == str(user_id)
    assert rotated.verify(rotated.issue(user_id))["sub"] == str(user_id)
    with pytest.raises(InvalidToken):
        JwtCodec([NEW], "switchyard", 60).verify(issued_before)


def test_tokens_from_another_issuer_or_already_expired_are_refused() -> None:
    codec = JwtCodec([NEW], "switchyard", 60)
    with pytest.raises(InvalidToken):
        codec.verify(JwtCodec([NEW], "elsewhere", 60).issue(uuid.uuid4()))
    with pytest.raises(InvalidToken):
        codec.verify(codec.issue(uuid.uuid4(), now=0))


def test_configured_keys_are_kid_secret_pairs_with_long_secrets() -> None:
    settings = GatewaySettings(SWITCHYARD_INTERNAL_KEY="k", SWITCHYARD_JWT_KEYS=f"2026:{'n' * 40}, 2025:{'o' * 40}")
    assert [kid for kid, _ in settings.signing_keys()] == ["2026", "2025"]
    with pytest.raises(ValueError, match="32"):
        GatewaySettings(SWITCHYARD_INTERNAL_KEY="k", SWITCHYARD_JWT_KEYS="short:abc").signing_keys()
