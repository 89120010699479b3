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


class Known(Protocol):
    """What alerts knows of environments, inputs and outputs (from their owners' events) and of its own alerts'
    read model, read in the unit's transaction (so it sees the unit's own appends)."""

    async def owner(self, environment_id: uuid.UUID) -> int | None: ...

    async def has_input(self, environment_id: uuid.UUID, organisation_id: int, input_id: str) -> bool: ...

    async def has_output(self, environment_id: uuid.UUID, taker_id: int, output_id: str) -> bool: ...

    async def shown_to_guest(self, environment_id: uuid.UUID, guest_id: int, owner_id: int, input_id: str) -> bool:
        """A live source invitation from the owner shows the guest this input (all channels, or a grant)."""

    async def groundless(self, environment_id: uuid.UUID | None = None) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Live alerts guests made on inputs no longer shown to them (on one environment), with their environment."""

    async def alerts_on(self, environment_id: uuid.UUID, side: str | None = None, endpoint_id: str | None = None,
                        organisation_id: int | None = None) -> list[uuid.UUID]:  # fmt: skip
        """Live alerts on the environment (on one side, one endpoint; owned or made by ``organisation_id``)."""

    async def alerts_of(self, organisation_id: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Live alerts (and their environment) on the organisation's environments or made by it."""

    async def set_items(self, environment_id: uuid.UUID) -> list[dict[str, object]]:
        """The environment's alert set: its non-deleted alerts not muted for good, in a fixed order."""

    async def using_method(self, method_id: uuid.UUID) -> int: ...


KnownOf = Callable[[UnitOfWork], Known]
