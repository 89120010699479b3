"""RTMP addresses carry stream keys: the log holds them masked, and the kept ones change exactly when an address
is sent that differs from what was shown."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from streams.contract.outputs import CREATE
from streams.domain.output_secrets import MASK, SecretChanges, kept_names, masked, secure

KEY = st.text(string.ascii_letters + string.digits + "-_", min_size=12, max_size=40)
SEGMENT = st.text(string.ascii_lowercase, min_size=1, max_size=8)
HOST = st.one_of(st.from_regex(r"[a-z]{1,10}(\.[a-z]{2,5}){0,2}", fullmatch=True), st.ip_addresses().map(str))


def _address(scheme: str, host: str, port: int | None, path: list[str], key: str, user: str | None) -> str:
    host = f"[{host}]" if ":" in host else host
    userinfo = f"{user}:{user}pw@" if user else ""
    where = f"{host}:{port}" if port else host
    return f"{scheme}://{userinfo}{where}/{'/'.join([*path, key])}"


@given(st.sampled_from(["rtmp", "rtmps"]), HOST, st.none() | st.integers(1, 65_535), st.lists(SEGMENT, max_size=3),
       KEY, st.none() | KEY, KEY)  # fmt: skip
def test_a_masked_address_keeps_where_it_goes_and_shows_no_key_user_or_query(
    scheme: str, host: str, port: int | None, path: list[str], key: str, user: str | None, token: str
) -> None:
    address = _address(scheme, host, port, path, key, user) + f"?token={token}"
    shown = masked(address)
    assert key not in shown and token not in shown and (user is None or user not in shown)
    assert shown.startswith(f"{scheme}://") and shown.endswith(f"/{MASK}")
    assert host in shown and (port is None or f":{port}/" in shown)
    assert CREATE["rtmp"].model_validate({"id": "o", "url": shown}), "a shown address is a valid one to send back"


def test_an_address_with_an_impossible_port_shows_only_its_scheme() -> None:
    assert masked("rtmp://host:99999/live/key") == f"rtmp://{MASK}"


def test_addresses_are_kept_when_sent_unchanged_when_sent_back_as_shown_and_forgotten_when_cleared() -> None:
    sent = {"url": "rtmp://a.example/live/key-1", "backup_url": "rtmps://b.example/live/key-2", "bitrate": 0}
    logged, change = secure("rtmp", sent, {}, None)
    assert logged == {**sent, "url": "rtmp://a.example/live/" + MASK, "backup_url": "rtmps://b.example/live/" + MASK}
    assert change == SecretChanges(keep={"url": "rtmp://a.example/live/key-1", "backup_url": sent["backup_url"]})
    assert kept_names(logged) == ["url", "backup_url"]

    again, unchanged = secure("rtmp", {**logged, "bitrate": 500}, logged, None)
    assert (again["url"], unchanged) == (logged["url"], SecretChanges())

    new_key, replaced = secure("rtmp", {**logged, "url": "rtmp://a.example/live/key-3"}, logged, None)
    assert (new_key["url"], replaced.keep) == (logged["url"], {"url": "rtmp://a.example/live/key-3"})

    cleared, forgotten = secure("rtmp", {**logged, "backup_url": None}, logged, None)
    assert cleared["backup_url"] is None and forgotten == SecretChanges(forget=frozenset({"backup_url"}))
    assert kept_names(cleared) == ["url"]
