"""What output use cases keep beside the log: SRT passwords, which are credentials and so never events.

Written only after a unit's appends (an append must be its transaction's first write). Postgres implements it in
``streams.adapters.passwords``; the unit tests have an in-memory fake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from common.unit_of_work import UnitOfWork


class Passwords(Protocol):
    async def keep(self, taker_id: int, output_id: str, password: str) -> None: ...

    async def forget(self, taker_id: int, output_id: str) -> None: ...


PasswordsOf = Callable[[UnitOfWork], Passwords]
