"""The correlation and causation ids of the work in progress, carried HTTP → event → bus → agent."""

from __future__ import annotations

import itertools
import uuid
from contextvars import ContextVar

import structlog

MAX_ID_LENGTH = 128
_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_causation_id: ContextVar[str | None] = ContextVar("causation_id", default=None)
_actor: ContextVar[str | None] = ContextVar("actor", default=None)


# A random prefix per process and a counter: unique across processes like a UUID, without a
# system call for randomness on every request.
_PREFIX = uuid.uuid4().hex[:16]
_COUNTER = itertools.count(1)


def new_id() -> str:
    return f"{_PREFIX}-{next(_COUNTER):x}"


def from_client(candidate: str | None) -> str | None:
    """A caller's correlation id, if it can travel wherever ours go (envelopes, events, logs); else None."""
    if candidate and len(candidate) <= MAX_ID_LENGTH and candidate.isascii() and candidate.isprintable():
        return candidate
    return None


def bind(correlation_id: str | None, causation_id: str | None = None, **log_fields: str) -> str:
    """Bind ids for the current task; returns the correlation id in force (a fresh one if none given)."""
    cid = correlation_id or new_id()
    _correlation_id.set(cid)
    _causation_id.set(causation_id)
    structlog.contextvars.bind_contextvars(correlation_id=cid, **log_fields)
    return cid


def correlation_id() -> str:
    return _correlation_id.get() or bind(None)


def causation_id() -> str | None:
    return _causation_id.get()


def bind_actor(user_id: object | None) -> None:
    """The user on whose behalf the current work happens; stamped on the events it records."""
    _actor.set(str(user_id) if user_id else None)


def actor() -> str | None:
    return _actor.get()
