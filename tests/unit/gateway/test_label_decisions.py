"""The label aggregate: owned by one organisation, renamed, deleted only when nothing references it."""

from __future__ import annotations

import uuid

import pytest

from common.errors import Conflict, NotFound
from gateway.domain import labels
from gateway.domain.labels import Label
from tests.unit.gateway.history import Stream


def created(organisation_id: int = 1000) -> Stream[Label]:
    label_id = uuid.uuid4()
    label = Stream(labels.stream(label_id), labels.fold)
    label.run(lambda s: labels.create(s, label_id, organisation_id, "VIP"))
    return label


def test_another_organisation_cannot_see_rename_or_delete_it() -> None:
    label = created()
    with pytest.raises(NotFound):
        label.run(lambda s: labels.rename(s, 2000, "Mine now"))
    with pytest.raises(NotFound):
        label.run(lambda s: labels.delete(s, 2000, 0))


def test_renaming_to_the_same_text_records_nothing() -> None:
    label = created()
    assert label.run(lambda s: labels.rename(s, 1000, "VIP")) == []
    label.run(lambda s: labels.rename(s, 1000, "Press"))
    assert label.state.text == "Press"


def test_a_granted_label_cannot_be_deleted() -> None:
    label = created()
    with pytest.raises(Conflict):
        label.run(lambda s: labels.delete(s, 1000, granted_to=2))
    label.run(lambda s: labels.delete(s, 1000, granted_to=0))
    with pytest.raises(NotFound):
        label.run(lambda s: labels.rename(s, 1000, "Ghost"))
