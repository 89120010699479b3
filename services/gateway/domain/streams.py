"""Stream ids of the gateway's aggregates: built by ``stream_id`` and read back by ``parse``, nowhere else."""

from __future__ import annotations

import uuid
from typing import Literal, NamedTuple, get_args

Kind = Literal["user", "organisation", "label", "source-invitation"]
KINDS: tuple[Kind, ...] = get_args(Kind)


class StreamRef(NamedTuple):
    kind: Kind
    key: str


def stream_id(kind: Kind, key: uuid.UUID | int) -> str:
    return f"{kind}-{key}"


def parse(stream: str) -> StreamRef:
    """The kind and key of a stream id; the longest kind that prefixes it wins (no kind prefixes another)."""
    for kind in sorted(KINDS, key=len, reverse=True):
        if stream.startswith(f"{kind}-"):
            return StreamRef(kind, stream.removeprefix(f"{kind}-"))
    raise ValueError(f"not a gateway stream: {stream!r}")


def user_of(stream: str) -> uuid.UUID:
    return uuid.UUID(_key(stream, "user"))


def organisation_of(stream: str) -> int:
    return int(_key(stream, "organisation"))


def _key(stream: str, kind: Kind) -> str:
    ref = parse(stream)
    if ref.kind != kind:
        raise ValueError(f"{stream!r} is not a {kind} stream")
    return ref.key
