from __future__ import annotations

import json
from typing import Any

from common.http.principal import Principal, sign

NO_BODY = object()


def signed(
    key: str,
    method: str,
    path: str,
    principal: Principal | None = None,
    *,
    service: str = "demo",
    body: Any = NO_BODY,
    raw: bytes | str = b"",
    **fields: object,
) -> dict[str, str]:
    """Gateway-signed headers for one request to ``service``: ``body`` is what it sends as JSON, ``raw`` as bytes."""
    who = principal or Principal(kind="user", **fields)  # type: ignore[arg-type]
    data = (raw.encode() if isinstance(raw, str) else raw) if body is NO_BODY else json.dumps(body).encode()
    return sign(key.encode(), who, method, path, service=service, body=data)
