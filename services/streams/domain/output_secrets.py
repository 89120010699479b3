"""An SRT output's password: needed exactly when the output is encrypted, kept beside the log, never in it.

The configuration says only whether a password is kept (``password_set``); what happens to the kept one is a
``PasswordChange``: a new one to keep, the old one to forget, or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.errors import Invalid
from streams.contract.outputs import WITH_PASSWORD, OutputKind

PASSWORD_SET = "password_set"


@dataclass(frozen=True)
class PasswordChange:
    keep: str | None = None
    forget: bool = False


UNCHANGED = PasswordChange()


def without_marker(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in settings.items() if name != PASSWORD_SET}


def secure(
    kind: OutputKind, settings: Mapping[str, Any], kept: bool, sent: str | None
) -> tuple[dict[str, Any], PasswordChange]:
    """``settings`` (no password in them) marked with whether a password is kept, given the one ``kept`` before
    and the one ``sent`` now (None: none sent)."""
    if kind not in WITH_PASSWORD:
        return dict(settings), UNCHANGED
    encrypted = settings["encryption_type"] != 0
    if not encrypted and sent is not None:
        raise Invalid("a password needs encryption_type 1, 2 or 3", "password")
    if encrypted and sent is None and not kept:
        raise Invalid("encryption_type 1, 2 or 3 needs a password", "password")
    change = PasswordChange(keep=sent) if sent is not None else PasswordChange(forget=kept and not encrypted)
    return {**settings, PASSWORD_SET: encrypted}, change
