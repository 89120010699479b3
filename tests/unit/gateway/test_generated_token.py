"""I01: generated tokens, checked against the seed's own test vector."""

from __future__ import annotations

import pytest

from gateway.adapters.tokens import InvalidToken, generated_token, verify_generated_token

SEED_VECTOR = "60af2750cdbd38964c61a03f961763f0e25a09c0"


def test_the_seed_test_vector() -> None:
    assert generated_token(13509, "secret", 0x60AF2750) == SEED_VECTOR


def test_the_seed_vector_verifies_at_its_time_and_not_with_another_secret_or_organisation() -> None:
    verify_generated_token(SEED_VECTOR, 13509, "secret", 300, now=0x60AF2750 + 299)
    for organisation, secret in ((13509, "other"), (13510, "secret")):
        with pytest.raises(InvalidToken, match="signature"):
            verify_generated_token(SEED_VECTOR, organisation, secret, 300, now=0x60AF2750)


def test_a_token_outside_the_tolerance_is_refused_saying_so() -> None:
    for now in (0x60AF2750 + 301, 0x60AF2750 - 301):
        with pytest.raises(InvalidToken, match="outside the accepted window"):
            verify_generated_token(SEED_VECTOR, 13509, "secret", 300, now=now)
