"""What a guest organisation may take on an owner's environment, by the seed's rule for creating outputs: a
registered source invitation from the environment's organisation with show_all_channels or show_all_events (the
environment's own channel visibility overriding the first), or a grant of an input on that environment, or of a
label of a live event on that environment (the scheduler's events, the gateway's A117); and at most
its maximum destinations there (the environment's own maximum overriding the invitation's)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from common.errors import Conflict, NotFound


@dataclass(frozen=True)
class Invitation:
    """One live invitation from the owner to the guest, as it applies to one environment."""

    registered: bool
    show_all_channels: bool
    show_all_events: bool
    granted_inputs: int
    max_destinations: int
    granted_events: int = 0  # live events on the environment under a label granted to the guest

    @property
    def lets_take(self) -> bool:
        granted = self.granted_inputs > 0 or self.granted_events > 0
        return self.registered and (self.show_all_channels or self.show_all_events or granted)


@dataclass(frozen=True)
class Access:
    may_take: bool
    max_destinations: int


def access(invitations: Iterable[Invitation]) -> Access:
    """Several invitations between the same two organisations: any that lets the guest take suffices, and the
    largest maximum among those applies."""
    letting = [i.max_destinations for i in invitations if i.lets_take]
    return Access(bool(letting), max(letting, default=0))


def admit(access: Access, taken: int) -> None:
    """The guest may take one more output on the environment, holding ``taken`` there now; if it may take none at
    all, the environment does not exist for it."""
    if not access.may_take:
        raise NotFound("environment not found")
    if taken >= access.max_destinations:
        raise Conflict(
            f"the guest organisation already has {taken} of its {access.max_destinations} destinations on this "
            "environment", "environment_id",
        )  # fmt: skip
