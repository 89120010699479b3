"""What output use cases keep beside the log, and read from the read side.

``Secrets``: each output's credentials (an SRT password, an RTMP output's addresses), which are secrets and so
never events; written only after a unit's appends (an append must be its transaction's first write).
``Guests``: what the gateway's source invitations let a guest organisation take on an owner's environment.
Postgres implements them in ``streams.adapters.secrets`` and ``streams.adapters.guests``; the unit tests have
in-memory fakes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from typing import Protocol

from common.unit_of_work import UnitOfWork
from streams.domain.guests import Access


class Secrets(Protocol):
    async def keep(self, taker_id: int, output_id: str, name: str, value: str) -> None: ...

    async def forget(self, taker_id: int, output_id: str, names: Collection[str] | None = None) -> None:
        """Forget the named credentials of the output, or all of them (None)."""


SecretsOf = Callable[[UnitOfWork], Secrets]


class Guests(Protocol):
    async def owner_of(self, environment_id: uuid.UUID) -> int | None: ...

    async def access(self, guest_id: int, owner_id: int, environment_id: uuid.UUID) -> Access: ...


GuestsOf = Callable[[UnitOfWork], Guests]
