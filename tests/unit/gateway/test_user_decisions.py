"""The user aggregate: where a user's context goes when they lose access to an organisation."""

from __future__ import annotations

import uuid

from gateway.domain import users
from gateway.domain.users import User
from tests.unit.gateway.history import Stream

ENVIRONMENT = uuid.uuid4()


def user_looking_at(managing: int | None, active: int | None) -> Stream[User]:
    user_id = uuid.uuid4()
    user = Stream(users.stream(user_id), users.fold)
    user.run(lambda u: users.register(u, user_id, "u@example.com"))
    user.run(lambda u: users.switch_context(u, managing, active, ENVIRONMENT))
    return user


def context(user: Stream[User]) -> tuple[int | None, int | None, uuid.UUID | None]:
    state = user.state
    return state.managing_organisation_id, state.active_organisation_id, state.active_environment_id


def test_losing_the_managing_organisation_falls_back_to_the_first_remaining_membership() -> None:
    user = user_looking_at(1, 5)
    user.run(lambda u: users.context_after_losing(u, 1, [3, 2]))
    assert context(user) == (3, 3, None)


def test_losing_the_only_membership_leaves_no_context() -> None:
    user = user_looking_at(1, 1)
    user.run(lambda u: users.context_after_losing(u, 1, []))
    assert context(user) == (None, None, None)


def test_losing_the_active_organisation_goes_back_to_managing_unless_still_visible() -> None:
    still = user_looking_at(1, 5)
    assert still.run(lambda u: users.context_after_losing(u, 5, [1], still_visible=True)) == []
    gone = user_looking_at(1, 5)
    gone.run(lambda u: users.context_after_losing(u, 5, [1]))
    assert context(gone) == (1, 1, None)


def test_losing_an_unrelated_organisation_changes_nothing() -> None:
    user = user_looking_at(1, 5)
    assert user.run(lambda u: users.context_after_losing(u, 9, [1])) == []


def test_a_deleted_user_is_left_alone() -> None:
    user = user_looking_at(1, 1)
    user.run(users.delete)
    assert user.run(lambda u: users.context_after_losing(u, 1, [])) == []


def test_getting_started_is_marked_once() -> None:
    user = user_looking_at(None, None)
    assert user.run(users.mark_getting_started_seen)
    assert user.run(users.mark_getting_started_seen) == []
