"""The fixed cast every route is tried against, and the principal the matrix should see for each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from common.http.principal import GuestAccess, Principal
from tests.support.api import Api


@dataclass
class Member:
    name: str
    api: Api
    principal: Principal


@dataclass
class World:
    """The cast and the real resources of organisation A (and B) they are tried against."""

    members: dict[str, Member] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)
    organisation_a: int = 0
    organisation_b: int = 0
    environment_a: str = ""
    environment_b: str = ""
    label_a: str = ""
    group_a: str = ""
    input_a: str = ""
    output_a: str = ""
    schedule_a: str = ""
    event_a: str = ""
    event_center_a: str = ""
    alert_method_a: str = ""
    credit_a: str = ""
    invitation_a: str = ""
    invitation_token_a: str = ""
    monitor_a_user_id: str = ""
    monitor_a_email: str = ""
    organisation_t: int = 0
    token_secret_t: str = ""

    def __getitem__(self, name: str) -> Member:
        return self.members[name]


def user(organisation: int | None, role: str | None = None, **flags: bool) -> Principal:
    return Principal(
        kind="user", user_id=uuid.uuid4(), managing_organisation_id=organisation, managing_role=role,
        active_organisation_id=organisation, active_role=role, **flags,
    )  # fmt: skip


def guest_of(home: int, owner: int) -> Principal:
    access = GuestAccess(
        invitation_id=uuid.uuid4(), source_organisation_id=owner, show_all_channels=False, show_all_events=False,
        registered=True, billing_source="source_owner", global_max_destinations=1,
    )  # fmt: skip
    return Principal(kind="user", user_id=uuid.uuid4(), managing_organisation_id=home, managing_role="admin",
                     is_root=True, active_organisation_id=owner, active_guest=access)  # fmt: skip
