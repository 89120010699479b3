"""Credits tell of each downward crossing of their low and empty lines once, whatever the draws; a consumption
charge is asked attempt by attempt, after growing pauses, until it is taken or its last attempt is declined
(decision 79)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from billing.domain import account_charges
from billing.domain.credits import LOW_SHARE, Balance, crossed, draws
from billing.domain.events import ChargeAttemptDeclined, ChargeDeclined, ChargeTaken
from billing.domain.payments import Payment

NOW = datetime(2026, 3, 1, tzinfo=UTC)
cents = st.integers(0, 50_000).map(lambda n: Decimal(n) / 100)


def _level(left: Decimal, granted: Decimal) -> int:
    """2 above the low line, 1 low, 0 empty."""
    return 0 if left <= 0 else 1 if left < granted * LOW_SHARE else 2


@given(st.lists(cents, min_size=1, max_size=3), st.lists(cents, min_size=1, max_size=12))
def test_each_downward_crossing_is_told_once_by_the_draw_that_makes_it(
    grants: list[Decimal], totals_owed: list[Decimal]
) -> None:
    balances = [Balance(uuid.UUID(int=i + 1), amount, Decimal(0)) for i, amount in enumerate(grants)]
    granted = sum(grants, Decimal(0))
    for owed in totals_owed:  # what is owed moves up and down (adjustments); each run draws or gives back
        before = _level(sum((b.amount - b.drawn for b in balances), Decimal(0)), granted)
        moves = draws(balances, owed)
        told = crossed(balances, moves)
        balances = [Balance(b.credit_id, b.amount, b.drawn + moves.get(b.credit_id, Decimal(0))) for b in balances]
        after = _level(sum((b.amount - b.drawn for b in balances), Decimal(0)), granted)
        expected = "exhausted" if after == 0 < before else "low" if after == 1 < before else None
        assert told == expected


def test_a_declined_charge_is_asked_again_after_growing_pauses_until_its_last_attempt() -> None:
    state = account_charges.fold([account_charges.charge(7, NOW, "usd", Decimal("1.20"))])
    declined = Payment("pay", "declined", "card_declined")
    pauses = []
    for attempt in range(1, account_charges.MAX_ATTEMPTS):
        assert account_charges.settle(state, attempt + 1, "local", declined, NOW) == [], "not that attempt yet"
        [answer] = account_charges.settle(state, attempt, "local", declined, NOW)
        assert isinstance(answer, ChargeAttemptDeclined)
        pauses.append(answer.retry_at - NOW)
        state = account_charges.fold([state.charged, answer])  # type: ignore[list-item]
    assert pauses == [timedelta(hours=1), timedelta(hours=4), timedelta(hours=16)]
    [last] = account_charges.settle(state, account_charges.MAX_ATTEMPTS, "local", declined, NOW)
    assert isinstance(last, ChargeDeclined) and (last.amount, last.currency) == (Decimal("1.20"), "usd")
    settled = account_charges.fold([state.charged, last])  # type: ignore[list-item]
    assert account_charges.settle(settled, account_charges.MAX_ATTEMPTS + 1, "local", declined, NOW) == []


def test_a_charge_taken_on_a_later_attempt_is_settled_once_and_each_attempt_has_its_own_key() -> None:
    charged = account_charges.charge(7, NOW, "eur", Decimal("3.00"))
    first = account_charges.settle(account_charges.fold([charged]), 1, "local", Payment("p1", "declined"), NOW)
    state = account_charges.fold([charged, *first])
    [taken] = account_charges.settle(state, 2, "local", Payment("p2", "succeeded"), NOW)
    assert isinstance(taken, ChargeTaken) and taken.attempt == 2
    done = account_charges.fold([charged, *first, taken])
    assert done.status == "taken"
    assert account_charges.settle(done, 2, "local", Payment("p2", "succeeded"), NOW) == []
    keys = {account_charges.idempotency_key(charged.charge_id, n) for n in range(1, 5)}
    assert len(keys) == 4
