"""An organisation's deletion takes off only its own inputs and the outputs it takes, once, and leaves an
environment being deleted alone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from streams.domain import environment, withdrawals
from streams.domain.events import (
    DomainEvent,
    EnvironmentNoted,
    InputPlaced,
    InputRemoved,
    OutputPlaced,
    OutputRemoved,
)

OWNER, GUEST, OTHER = 1, 2, 3
ENV = uuid.uuid4()


def _history(state: str = "running") -> list[DomainEvent]:
    return [
        EnvironmentNoted(organisation_id=OWNER, environment_id=ENV, state=state, as_of=datetime.now(UTC)),
        InputPlaced(organisation_id=OWNER, environment_id=ENV, input_id="cam", port=None),
        *(OutputPlaced(organisation_id=OWNER, environment_id=ENV, output_id=output_id, port=None,
                       taker_organisation_id=taker) for output_id, taker in (("out", OWNER), ("g", GUEST))),
    ]  # fmt: skip


def test_only_the_organisations_own_endpoints_come_off() -> None:
    env = environment.fold(_history())
    removed = InputRemoved(organisation_id=OWNER, environment_id=ENV, input_id="cam")
    assert withdrawals.input_off(env, OWNER, "cam") == [removed]
    assert withdrawals.input_off(env, OTHER, "cam") == []
    assert withdrawals.output_off(env, GUEST, "g") == [OutputRemoved(organisation_id=OWNER, environment_id=ENV,
                                                                     output_id="g")]  # fmt: skip
    assert withdrawals.output_off(env, OWNER, "g") == []
    assert withdrawals.output_off(env, GUEST, "out") == []


def test_what_is_gone_already_changes_nothing() -> None:
    gone = [InputRemoved(organisation_id=OWNER, environment_id=ENV, input_id="cam"),
            OutputRemoved(organisation_id=OWNER, environment_id=ENV, output_id="g")]  # fmt: skip
    env = environment.fold([*_history(), *gone])
    assert withdrawals.input_off(env, OWNER, "cam") == [] and withdrawals.output_off(env, GUEST, "g") == []


@pytest.mark.parametrize("state", sorted(environment.CLOSED))
def test_an_environment_being_deleted_keeps_them(state: str) -> None:
    env = environment.fold(_history(state))
    assert withdrawals.input_off(env, OWNER, "cam") == [] and withdrawals.output_off(env, GUEST, "g") == []
