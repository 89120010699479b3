"""Credentials derived from the internal key: one per c_env agent, one per cloud worker.

The gateway verifies them by deriving again, so no secret has to travel between services; an
agent credential is revoked by deleting its environment (the gateway stops accepting it).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid

AGENT_PREFIX = "sya_"
WORKER_PREFIX = "syw_"
_AGENT = re.compile(r"^sya_([0-9a-f-]{36})_([0-9a-f]{64})$")
_WORKER = re.compile(r"^syw_([a-z0-9-]{1,40})_([0-9a-f]{64})$")


def _mac(key: bytes, purpose: str) -> str:
    return hmac.new(key, purpose.encode(), hashlib.sha256).hexdigest()


def agent_credential(key: bytes, environment_id: uuid.UUID) -> str:
    return f"{AGENT_PREFIX}{environment_id}_{_mac(key, f'agent-credential:{environment_id}')}"


def worker_credential(key: bytes, name: str) -> str:
    return f"{WORKER_PREFIX}{name}_{_mac(key, f'cloud-worker:{name}')}"


def verify_agent_credential(key: bytes, token: str) -> uuid.UUID | None:
    match = _AGENT.match(token)
    if not match:
        return None
    environment_id = uuid.UUID(match.group(1))
    expected = agent_credential(key, environment_id)
    return environment_id if hmac.compare_digest(expected, token) else None


def verify_worker_credential(key: bytes, token: str) -> str | None:
    match = _WORKER.match(token)
    if not match:
        return None
    return match.group(1) if hmac.compare_digest(worker_credential(key, match.group(1)), token) else None
