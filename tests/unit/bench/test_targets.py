"""A cost target relative to its baseline is judged on the rounds' own ratios, not on medians taken apart."""

from __future__ import annotations

from bench.table import Target, compared


def test_a_ratio_target_pairs_each_round_with_its_own_baseline() -> None:
    # the subject's median (0.029) is over 1.1 × the baseline's median (0.026), yet beside its own baseline each round
    # costs at most 15 % more, and the middle round 3 % less
    figure = compared("cpu", "CPU s/s", [0.026, 0.026, 0.030], [0.022, 0.030, 0.029], Target(ratio_at_most=1.1))
    assert figure.measured > 1.1 * figure.baseline
    assert figure.target.met(figure)
    assert figure.target.text("CPU s/s") == "≤ 1.1×"


def test_a_ratio_target_is_missed_when_most_rounds_cost_more() -> None:
    figure = compared("cpu", "CPU s/s", [0.020, 0.020, 0.020], [0.023, 0.024, 0.021], Target(ratio_at_most=1.1))
    assert not figure.target.met(figure)
