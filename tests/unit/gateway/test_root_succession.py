"""A138: who takes over as root when the root user is deleted."""

from __future__ import annotations

import uuid

from gateway.domain.organisations import Member, Organisation, Permission
from gateway.service_layer.removals import successor

ROOT, OPERATOR, FIRST, SECOND = (uuid.UUID(int=n) for n in range(1, 5))


def organisation(*members: tuple[uuid.UUID, Permission]) -> Organisation:
    joined = {user_id: Member(user_id, f"{user_id}@example.com", role, uuid.uuid4()) for user_id, role in members}
    return Organisation(exists=True, organisation_id=1000, root_user_id=ROOT, members=joined)


def test_the_admin_who_joined_first_takes_over_and_never_the_leaving_root() -> None:
    org = organisation((ROOT, "admin"), (OPERATOR, "operator"), (FIRST, "admin"), (SECOND, "admin"))
    assert successor(org, ROOT) == FIRST


def test_without_another_admin_there_is_no_successor() -> None:
    assert successor(organisation((ROOT, "admin"), (OPERATOR, "operator")), ROOT) is None
