"""Figures and the one table they are printed in; each figure is measured against a baseline from the same run."""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A least ratio measured/baseline (``at_least``), a most ratio (``ratio_at_most``: a cost at most so much above
    its baseline's, judged round by round, each beside its own baseline) or a most absolute value (``at_most``)."""

    at_least: float | None = None
    at_most: float | None = None
    ratio_at_most: float | None = None

    def met(self, figure: Figure) -> bool:
        if self.at_least is not None:
            return figure.ratio >= self.at_least
        if self.ratio_at_most is not None:
            return figure.ratio <= self.ratio_at_most
        return self.at_most is not None and figure.measured <= self.at_most

    def text(self, unit: str) -> str:
        if self.at_least is not None:
            return f"≥ {self.at_least:g}×"
        if self.ratio_at_most is not None:
            return f"≤ {self.ratio_at_most:g}×"
        return f"≤ {self.at_most:g} {unit}"


@dataclass(frozen=True)
class Figure:
    """Baseline and measured are medians over rounds; the ratio is the median of the rounds' own ratios."""

    title: str
    unit: str
    baseline: float
    measured: float
    ratio: float
    target: Target


def compared(title: str, unit: str, baseline: list[float], measured: list[float], target: Target) -> Figure:
    """Round i of the baseline ran next to round i of the subject, so their ratio is the least disturbed by load."""
    ratios = [m / b for m, b in zip(measured, baseline, strict=True)]
    return Figure(title, unit, median(baseline), median(measured), median(ratios), target)


def number(value: float, unit: str) -> str:
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f} {unit}"


def render(figures: list[Figure]) -> str:
    header = ("figure", "baseline", "measured", "ratio", "target", "met")
    rows = [header] + [
        (
            f.title,
            number(f.baseline, f.unit),
            number(f.measured, f.unit),
            f"{f.ratio:.2f}×",
            f.target.text(f.unit),
            "yes" if f.target.met(f) else "NO",
        )
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    lines.append("baseline, measured: medians over rounds; ratio: median of each round's measured/baseline")
    return "\n".join(lines)


def say(line: str) -> None:
    """A raw number (with its unit) or progress, printed as soon as it is known."""
    print(line, flush=True)  # noqa: T201 (the benchmark's output)


async def interleave(contenders: dict[str, Callable[[], Awaitable[float]]], rounds: int) -> dict[str, list[float]]:
    """Run every contender once per round, rotating who goes first, so drifting load falls on all alike."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(await contenders[name]())
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], unit: str) -> str:
    """Median and all rounds, for the raw output."""
    rounds = ", ".join(f"{v:,.0f}" if v >= 100 else f"{v:.2f}" for v in values)
    return f"median {number(median(values), unit)} (rounds: {rounds})"
