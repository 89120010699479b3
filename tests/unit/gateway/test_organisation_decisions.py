"""The organisation aggregate: members, permissions, root, invitations, details, token, deletion."""

from __future__ import annotations

import uuid

import pytest

from common.errors import Conflict, Invalid, NotFound
from gateway.adapters.codec import type_name
from gateway.domain import members, organisations
from gateway.domain.events import OrganisationTokenRotated
from gateway.domain.organisations import Organisation
from tests.unit.gateway.history import Stream

FOUNDER, OTHER = uuid.uuid4(), uuid.uuid4()


def founded() -> Stream[Organisation]:
    org = Stream(organisations.stream(1000), organisations.fold)
    org.run(lambda o: organisations.create(o, 1000, "Acme", FOUNDER, "f@example.com", "free_credits", None))
    return org


def test_the_founder_becomes_root_admin_with_an_invitation() -> None:
    org = founded().state
    assert org.root_user_id == FOUNDER == org.created_by
    assert org.members[FOUNDER].permission_type == "admin" and org.members[FOUNDER].invitation_id


def test_adding_a_member_twice_is_a_conflict_naming_the_email() -> None:
    org = founded()
    org.run(lambda o: members.add_member(o, OTHER, "o@example.com", "monitor"))
    with pytest.raises(Conflict) as raised:
        org.run(lambda o: members.add_member(o, OTHER, "o@example.com", "admin"))
    assert raised.value.field == "email"


def test_changing_to_the_same_permission_records_nothing() -> None:
    org = founded()
    org.run(lambda o: members.add_member(o, OTHER, "o@example.com", "monitor"))
    assert org.run(lambda o: members.change_permission(o, OTHER, "monitor")) == []
    assert org.run(lambda o: members.change_permission(o, OTHER, "operator"))
    assert org.state.members[OTHER].permission_type == "operator"


def test_the_root_cannot_be_removed_unless_the_user_is_deleted() -> None:
    org = founded()
    with pytest.raises(Conflict):
        org.run(lambda o: members.remove_member(o, FOUNDER, "left"))
    org.run(lambda o: members.remove_member(o, FOUNDER, members.USER_DELETED))
    assert org.state.root_user_id is None and FOUNDER not in org.state.members


def test_removing_a_non_member_is_not_found() -> None:
    with pytest.raises(NotFound):
        founded().run(lambda o: members.remove_member(o, OTHER, "removed"))


def test_the_new_root_must_be_a_member() -> None:
    org = founded()
    with pytest.raises(Invalid) as raised:
        org.run(lambda o: organisations.change_root(o, OTHER))
    assert raised.value.field == "user_id"
    org.run(lambda o: members.add_member(o, OTHER, "o@example.com", "operator"))
    org.run(lambda o: organisations.change_root(o, OTHER))
    assert org.state.root_user_id == OTHER


def test_invitations_are_found_by_email_case_insensitively_and_only_by_their_invitee() -> None:
    org = founded()
    org.run(lambda o: members.add_member(o, OTHER, "Other@Example.com", "monitor"))
    invitation = members.invitation_for_email(org.state, "other@example.COM")
    assert invitation.user_id == OTHER
    assert members.invitation_of(org.state, invitation.invitation_id, OTHER) == invitation
    with pytest.raises(NotFound):
        members.invitation_of(org.state, invitation.invitation_id, FOUNDER)
    with pytest.raises(NotFound):
        members.invitation_for_email(org.state, "nobody@example.com")


def test_details_updates_keep_only_what_was_sent_and_may_clear_the_order_number() -> None:
    org = founded()
    assert org.run(lambda o: organisations.update_details(o, {})) == []
    [event] = org.run(lambda o: organisations.update_details(o, {"name": "New", "purchase_order_number": None}))
    assert event.data == {"name": "New", "purchase_order_number": None}
    assert org.state.name == "New"


def test_a_deleted_organisation_takes_no_more_decisions() -> None:
    org = founded()
    [deleted] = org.run(organisations.delete)
    assert deleted.data["member_ids"] == [str(FOUNDER)]
    for decide in (organisations.delete, organisations.rotate_token):
        with pytest.raises(NotFound):
            org.run(decide)


def test_token_rotation_records_no_secret() -> None:
    [rotated] = founded().run(organisations.rotate_token)
    assert rotated.type == type_name(OrganisationTokenRotated) and rotated.data == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1000", 1000), ("2147483647", 2**31 - 1), ("2147483648", None), ("99999999999", None), ("²", None),
     ("٣", None), ("-1", None), ("+1", None), (" 1", None), ("", None)],
)  # fmt: skip
def test_an_organisation_id_is_ascii_digits_within_a_postgres_integer(raw: str, expected: int | None) -> None:
    assert organisations.parse_id(raw) == expected
