"""A kept document survives a save cut short at any step, and an unreadable one is not held."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cenv_agent import kept
from cenv_agent.alerts import HeldAlerts


def _saved_until(path: Path, document: HeldAlerts, step: int) -> None:
    """``kept.save`` stopped after ``step`` of its three writes to the directory (3: not stopped)."""
    temporary = path.with_name(f"{path.name}.tmp")
    if step >= 1:
        temporary.write_text(document.model_dump_json())
    if step >= 2:
        path.unlink(missing_ok=True)
    if step >= 3:
        os.rename(temporary, path)


@given(versions=st.lists(st.integers(1, 1_000), min_size=1, max_size=5), step=st.integers(0, 3))
def test_a_save_cut_short_leaves_the_old_or_the_new_document(tmp_path_factory: pytest.TempPathFactory,
                                                              versions: list[int], step: int) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("kept") / "alerts.json"
    for version in versions:
        kept.save(path, HeldAlerts(version=version))
    _saved_until(path, HeldAlerts(version=9_999), step)
    held = kept.load(path, HeldAlerts).version
    assert held == (9_999 if step >= 2 else versions[-1])


def test_an_unreadable_document_is_not_held(tmp_path: Path) -> None:
    path = tmp_path / "alerts.json"
    kept.save(path, HeldAlerts(version=3))
    path.write_text("")  # as a power cut may leave it
    assert kept.load(path, HeldAlerts) == HeldAlerts()


def test_a_save_replaces_what_was_kept(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "alerts.json"
    assert kept.load(path, HeldAlerts) == HeldAlerts()
    kept.save(path, HeldAlerts(version=1))
    kept.save(path, HeldAlerts(version=2))
    assert kept.load(path, HeldAlerts).version == 2
    assert sorted(p.name for p in path.parent.iterdir()) == ["alerts.json"]
