from __future__ import annotations

from common.http.principal import Principal, sign


def signed(key: str, method: str, path: str, principal: Principal | None = None, **fields: object) -> dict[str, str]:
    who = principal or Principal(kind="user", **fields)  # type: ignore[arg-type]
    return sign(key.encode(), who, method, path)
