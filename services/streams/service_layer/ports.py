"""What output use cases keep beside the log: each output's credentials (an SRT password, an RTMP output's
addresses), which are secrets and so never events.

Written only after a unit's appends (an append must be its transaction's first write). Postgres implements it in
``streams.adapters.secrets``; the unit tests have an in-memory fake.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol

from common.unit_of_work import UnitOfWork


class Secrets(Protocol):
    async def keep(self, taker_id: int, output_id: str, name: str, value: str) -> None: ...

    async def forget(self, taker_id: int, output_id: str, names: Collection[str] | None = None) -> None:
        """Forget the named credentials of the output, or all of them (None)."""


SecretsOf = Callable[[UnitOfWork], Secrets]
