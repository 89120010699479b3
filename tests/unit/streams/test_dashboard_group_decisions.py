"""The dashboard group aggregate and the names of an organisation's groups, decided on folded histories."""

from __future__ import annotations

import uuid

import pytest

from common.errors import Conflict, NotFound
from streams.contract.schemas import GroupType
from streams.domain import groups, names
from streams.domain.events import DashboardGroupChanged, GroupNameClaimed, GroupNameReleased
from streams.domain.groups import DashboardGroup
from streams.domain.names import GroupNames, name_key

ORG, OTHER = 1000, 2000


def created(name: str = "Europe", group_type: GroupType = "source") -> DashboardGroup:
    group_id = uuid.uuid4()
    return groups.fold(groups.create(DashboardGroup(), group_id, ORG, name, group_type))


def test_another_organisation_cannot_see_change_or_delete_it() -> None:
    group = created()
    with pytest.raises(NotFound):
        groups.change(group, OTHER, "Mine now", None)
    with pytest.raises(NotFound):
        groups.delete(group, OTHER)


def test_a_deleted_group_is_gone_and_an_unknown_one_never_was() -> None:
    creation = groups.create(DashboardGroup(), uuid.uuid4(), ORG, "Europe", "source")
    gone = groups.fold([*creation, *groups.delete(groups.fold(creation), ORG)])
    for missing in (gone, DashboardGroup()):
        with pytest.raises(NotFound):
            groups.delete(missing, ORG)


def test_a_change_keeps_what_was_not_sent_and_nothing_new_records_nothing() -> None:
    group = created()
    [changed] = groups.change(group, ORG, None, "mv")
    assert isinstance(changed, DashboardGroupChanged)
    assert (changed.name, changed.group_type) == ("Europe", "mv")
    assert groups.change(group, ORG, "Europe", "source") == []


def test_a_group_cannot_be_created_twice() -> None:
    group = created()
    with pytest.raises(Conflict):
        groups.create(group, uuid.uuid4(), ORG, "Again", "source")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Europe North", "europe north"),
        ("Europe  North", "Europe North"),
        ("ＥＵＲＯＰＥ", "europe"),
        ("Straße", "STRASSE"),
    ],
)
def test_names_that_differ_only_in_case_width_or_spacing_are_one_name(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


def test_a_name_is_held_by_one_group_until_released() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    taken = names.fold(names.claim(GroupNames(), ORG, first, "Europe"))
    with pytest.raises(Conflict) as refused:
        names.claim(taken, ORG, second, "EUROPE")
    assert refused.value.field == "name"
    released = names.fold(
        [*names.claim(GroupNames(), ORG, first, "Europe"), *names.release(taken, ORG, first, "Europe")]
    )
    assert isinstance(names.claim(released, ORG, second, "europe")[0], GroupNameClaimed)


def test_a_rename_lets_go_of_the_old_name_only_when_the_new_one_is_free() -> None:
    group, other = uuid.uuid4(), uuid.uuid4()
    taken = names.fold([*names.claim(GroupNames(), ORG, group, "A"), *names.claim(GroupNames(), ORG, other, "B")])
    with pytest.raises(Conflict):
        names.rename(taken, ORG, group, "A", "b")
    assert names.rename(taken, ORG, group, "A", " a ") == []
    released, claimed = names.rename(taken, ORG, group, "A", "C")
    assert isinstance(released, GroupNameReleased) and isinstance(claimed, GroupNameClaimed)


def test_a_closed_organisation_takes_no_new_names_and_closes_once() -> None:
    closed = names.fold([*names.claim(GroupNames(), ORG, uuid.uuid4(), "A"), *names.close(GroupNames(), ORG)])
    assert closed.closed and not closed.holders
    assert names.close(closed, ORG) == []
    with pytest.raises(NotFound):
        names.claim(closed, ORG, uuid.uuid4(), "B")
