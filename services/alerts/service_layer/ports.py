"""What alert-method use cases keep beside the log: Slack webhooks, which are credentials and so never events.

Written only after a unit's appends (an append must be its transaction's first write). Postgres implements
it in ``alerts.adapters.webhooks``; the unit tests have an in-memory fake.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Protocol

from common.unit_of_work import UnitOfWork


class Webhooks(Protocol):
    async def keep(self, method_id: uuid.UUID, urls: Sequence[str]) -> None:
        """Replace the method's webhooks with ``urls``."""

    async def forget(self, method_ids: Sequence[uuid.UUID]) -> None: ...


WebhooksOf = Callable[[UnitOfWork], Webhooks]


class Members(Protocol):
    """Who belongs to an organisation, as the gateway's membership events told us."""

    async def of(self, organisation_id: int) -> list[uuid.UUID]: ...
