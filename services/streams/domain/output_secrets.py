"""An output's credentials, kept beside the log and never in it: an SRT output's password, and an RTMP output's
addresses, which carry its stream key (and may carry a user and password, or a token in the query).

The configuration in the log says only ``password_set`` for a password, and holds each RTMP address masked: its
scheme, host, port and path with the last segment (the stream key) replaced, no user, no query. What happens to
the kept credentials is a ``SecretChanges``: some to keep (new or replaced), some to forget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from common.errors import Invalid
from streams.contract.outputs import WITH_PASSWORD, OutputKind

PASSWORD = "password"
PASSWORD_SET = "password_set"
MASK = "********"
ADDRESSES: dict[OutputKind, tuple[str, ...]] = {"rtmp": ("url", "backup_url")}


@dataclass(frozen=True)
class SecretChanges:
    keep: Mapping[str, str] = field(default_factory=dict)
    forget: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.keep or self.forget)


UNCHANGED = SecretChanges()


def masked(address: str) -> str:
    """What may be shown of an address: never its user, password, query or last path segment."""
    parts = urlsplit(address)
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return f"{parts.scheme}://{MASK}"
    host = f"[{host}]" if ":" in host else host
    where = f"{host}:{port}" if port else host
    return f"{parts.scheme}://{where}{parts.path.rpartition('/')[0]}/{MASK}"


def kept_names(settings: Mapping[str, Any]) -> list[str]:
    """The credentials kept for a configuration as the log holds it."""
    named = [PASSWORD] if settings.get(PASSWORD_SET) else []
    return named + [name for names in ADDRESSES.values() for name in names if settings.get(name) is not None]


def without_marker(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in settings.items() if name != PASSWORD_SET}


def secure(
    kind: OutputKind, settings: Mapping[str, Any], before: Mapping[str, Any], password: str | None
) -> tuple[dict[str, Any], SecretChanges]:
    """``settings`` as the log may hold them, given the logged configuration ``before`` (empty for a new output)
    and the ``password`` sent now (None: none sent). ``settings`` hold RTMP addresses as sent, or as ``before``
    holds them when they were not sent; an address sent back exactly as it was shown keeps the kept one."""
    if kind in WITH_PASSWORD:
        return _password(settings, bool(before.get(PASSWORD_SET)), password)
    logged, keep, forget = dict(settings), {}, set()
    for name in ADDRESSES.get(kind, ()):
        sent, shown = settings.get(name), before.get(name)
        if sent is None:
            forget |= {name} if shown is not None else set()
        elif sent != shown:
            keep[name], logged[name] = sent, masked(sent)
    return logged, SecretChanges(keep, frozenset(forget))


def _password(settings: Mapping[str, Any], kept: bool, sent: str | None) -> tuple[dict[str, Any], SecretChanges]:
    encrypted = settings["encryption_type"] != 0
    if not encrypted and sent is not None:
        raise Invalid("a password needs encryption_type 1, 2 or 3", PASSWORD)
    if encrypted and sent is None and not kept:
        raise Invalid("encryption_type 1, 2 or 3 needs a password", PASSWORD)
    if sent is not None:
        change = SecretChanges(keep={PASSWORD: sent})
    else:
        change = SecretChanges(forget=frozenset({PASSWORD})) if kept and not encrypted else UNCHANGED
    return {**settings, PASSWORD_SET: encrypted}, change
