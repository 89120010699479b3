"""Issue 8, item 5: every spelling of an address maps to one key, and the key is its own key."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gateway.domain.identities import email_key


@given(st.text(max_size=40))
def test_the_key_of_a_key_is_itself(text: str) -> None:
    assert email_key(email_key(text)) == email_key(text)


@given(st.text(max_size=40))
def test_case_and_surrounding_space_do_not_matter(text: str) -> None:
    assert email_key(f"  {text.upper()} ") == email_key(text.lower()) == email_key(text)


def test_the_dotted_capital_i_is_not_a_plain_i() -> None:
    """Postgres' lower() made "mİni" equal "mini" while Python's lower() did not: now both sides use this key."""
    assert email_key("mİni@example.com") != email_key("mini@example.com")
    assert email_key("MINI@Example.COM") == email_key("mini@example.com")
    assert email_key("ｍｉｎｉ@example.com") == email_key("mini@example.com")
