"""The source invitation aggregate: accepting, flags, grants, per-environment settings, deleting or leaving."""

from __future__ import annotations

import uuid

import pytest

from common.errors import Conflict, Forbidden, NotFound
from gateway.adapters.codec import type_name
from gateway.domain import source_invitations as si
from gateway.domain import source_permissions as sp
from gateway.domain.events import SourceInputRevoked, SourceLabelRevoked, SourcePermissionsUpdated
from gateway.domain.source_invitations import SourceInvitation
from tests.unit.gateway.history import Stream

OWNER, GUEST = 1000, 2000
LABEL, ENVIRONMENT = uuid.uuid4(), uuid.uuid4()


def invitation(accepted: bool = True) -> Stream[SourceInvitation]:
    invitation_id = uuid.uuid4()
    inv = Stream(si.stream(invitation_id), si.fold)
    inv.run(lambda i: si.create(i, invitation_id, OWNER, "Guest Co", None))
    if accepted:
        inv.run(lambda i: si.accept(i, GUEST))
    return inv


def test_every_event_names_both_organisations() -> None:
    inv = invitation()
    [granted] = inv.run(lambda i: sp.grant_input(i, "input-1", None))
    assert granted.data["source_organisation_id"] == OWNER and granted.data["guest_organisation_id"] == GUEST
    assert granted.data["invitation_id"] == str(inv.state.invitation_id)


def test_an_organisation_cannot_accept_its_own_invitation_nor_accept_twice() -> None:
    own = invitation(accepted=False)
    with pytest.raises(Conflict):
        own.run(lambda i: si.accept(i, OWNER))
    with pytest.raises(Conflict):
        invitation().run(lambda i: si.accept(i, 3000))


def test_only_the_owner_sees_the_invitation() -> None:
    inv = invitation().state
    assert si.owned_by(inv, OWNER) is inv
    for stranger in (GUEST, 3000, None):
        with pytest.raises(NotFound):
            si.owned_by(inv, stranger)


def test_flags_change_only_where_sent_and_record_the_full_set() -> None:
    inv = invitation()
    assert inv.run(lambda i: sp.update_flags(i, {"show_all_events": False})) == []
    [updated] = inv.run(lambda i: sp.update_flags(i, {"show_all_channels": True, "global_max_destinations": 4}))
    assert updated.data["show_all_channels"] is True and updated.data["global_max_destinations"] == 4
    assert updated.data["billing_source"] == "source_owner" and updated.data["registered"] is True


def test_unregistering_revokes_every_grant_and_blocks_new_ones() -> None:
    inv = invitation()
    inv.run(lambda i: sp.grant_input(i, "input-1", ENVIRONMENT))
    inv.run(lambda i: sp.grant_label(i, LABEL))
    decided = inv.run(lambda i: sp.update_flags(i, {"registered": False}))
    assert [e.type for e in decided] == [
        type_name(c) for c in (SourcePermissionsUpdated, SourceInputRevoked, SourceLabelRevoked)
    ]
    assert inv.state.inputs == {} and inv.state.labels == frozenset()
    with pytest.raises(Conflict):
        inv.run(lambda i: sp.grant_input(i, "input-2", None))


def test_granting_twice_conflicts_and_revoking_what_was_not_granted_is_not_found() -> None:
    inv = invitation()
    inv.run(lambda i: sp.grant_label(i, LABEL))
    with pytest.raises(Conflict):
        inv.run(lambda i: sp.grant_label(i, LABEL))
    inv.run(lambda i: sp.revoke_label(i, LABEL))
    with pytest.raises(NotFound):
        inv.run(lambda i: sp.revoke_label(i, LABEL))
    with pytest.raises(NotFound):
        inv.run(lambda i: sp.revoke_input(i, "never-granted"))


def test_max_destinations_is_global_without_an_environment_and_an_override_with_one() -> None:
    inv = invitation()
    inv.run(lambda i: sp.set_max_destinations(i, None, 7))
    inv.run(lambda i: sp.set_max_destinations(i, ENVIRONMENT, 2))
    inv.run(lambda i: sp.set_channel_visibility(i, ENVIRONMENT, True))
    assert inv.state.flags.global_max_destinations == 7
    assert inv.state.environments[ENVIRONMENT] == si.EnvironmentSettings(True, 2)
    assert inv.run(lambda i: sp.set_channel_visibility(i, ENVIRONMENT, True)) == []


def test_the_owner_deletes_an_admin_of_the_guest_leaves_and_anyone_else_learns_nothing() -> None:
    assert invitation().run(lambda i: si.delete_as(i, OWNER, may_leave=False))[0].data["reason"] == "deleted_by_owner"
    assert invitation().run(lambda i: si.delete_as(i, GUEST, may_leave=True))[0].data["reason"] == "left_by_guest"
    with pytest.raises(Forbidden):
        invitation().run(lambda i: si.delete_as(i, GUEST, may_leave=False))
    with pytest.raises(NotFound):
        invitation().run(lambda i: si.delete_as(i, 3000, may_leave=True))
    with pytest.raises(NotFound):
        invitation(accepted=False).run(lambda i: si.delete_as(i, None, may_leave=True))


def test_a_deleted_invitation_takes_no_more_decisions() -> None:
    inv = invitation()
    inv.run(lambda i: si.delete(i, "deleted_by_owner"))
    with pytest.raises(NotFound):
        inv.run(lambda i: sp.grant_input(i, "input-1", None))
