"""Text a request may carry into storage: Postgres keeps neither NUL characters nor unpaired surrogates."""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def unstorable_at(data: Any) -> str | None:
    """The dotted path of the first string in decoded JSON that is not storable (a bad key: its object's path).

    Walked with a stack of its own, in document order: the JSON may nest as deep as the decoder allowed.
    """
    pending: list[tuple[str, Any]] = [("", data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str) and not storable(value):
            return path or "body"
        if isinstance(value, dict):
            if not all(storable(key) for key in value):
                return path or "body"
            pending += reversed([(f"{path}.{key}" if path else key, item) for key, item in value.items()])
        elif isinstance(value, list):
            pending += reversed([(f"{path}.{index}" if path else str(index), item) for index, item in enumerate(value)])
    return None
