"""The schedule set an agent holds and what it runs by it: the newest version only, kept on its disk, each output fed
from its entry's start to its end while the media runs."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cenv_agent.contract.schedules import ApplyScheduleSet, DumpScheduleState, ScheduleEntry
from cenv_agent.schedules import HeldSet, Schedules, due

ENV = uuid.UUID(int=1)
T0 = datetime(2030, 1, 1, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def entry(n: int, output_id: str, start: int, end: int) -> ScheduleEntry:
    return ScheduleEntry(schedule_id=uuid.UUID(int=n), input_id=f"in-{n}", output_id=output_id, start=at(start),
                         end=at(end))  # fmt: skip


def pushed(version: int, *entries: ScheduleEntry) -> ApplyScheduleSet:
    return ApplyScheduleSet(environment_id=ENV, command_id=uuid.uuid4(), version=version, entries=list(entries))


@given(st.lists(st.integers(1, 20), max_size=20))
def test_the_agent_ends_holding_the_newest_version_whatever_the_order(versions: list[int]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        schedules, answers = Schedules(Path(directory), ENV), []
        for version in versions:
            answers.append(schedules.apply(pushed(version, entry(version, "out", 0, 1))).version)
        newest = max(versions, default=0)
        assert answers == sorted(answers) and Schedules(Path(directory), ENV).held.version == newest
        assert [e.schedule_id.int for e in schedules.held.entries] == ([newest] if newest else [])


def test_a_set_is_kept_on_disk_only_when_newer_and_answered_with_what_is_held(tmp_path: Path) -> None:
    schedules = Schedules(tmp_path, ENV)
    assert schedules.apply(pushed(2, entry(1, "out", 0, 10))).version == 2
    assert schedules.apply(pushed(1)).version == 2
    assert schedules.apply(pushed(2)).version == 2
    again = Schedules(tmp_path, ENV)
    assert again.held.version == 2 and [e.schedule_id.int for e in again.held.entries] == [1]
    assert again.report(uuid.uuid4()).version == 2


def test_outputs_run_from_start_to_end_while_the_media_runs(tmp_path: Path) -> None:
    schedules = Schedules(tmp_path, ENV)
    schedules.apply(pushed(1, entry(1, "out-a", 0, 10), entry(2, "out-a", 10, 20), entry(3, "out-b", 5, 6)))
    schedules.tick(True, at(0))
    assert {o: f.schedule_id.int for o, f in schedules.live.items()} == {"out-a": 1}
    schedules.tick(True, at(5))
    assert {o: f.schedule_id.int for o, f in schedules.live.items()} == {"out-a": 1, "out-b": 3}
    schedules.tick(True, at(10))
    assert {o: f.schedule_id.int for o, f in schedules.live.items()} == {"out-a": 2}
    schedules.tick(False, at(11))
    assert schedules.live == {}
    schedules.tick(True, at(20))
    assert schedules.live == {}
    dumped = schedules.dump(DumpScheduleState(environment_id=ENV, command_id=uuid.uuid4()))
    assert dumped.version == 1 and len(dumped.entries) == 3 and dumped.running == {}


def test_the_earliest_started_entry_of_an_output_runs_should_a_set_hold_two() -> None:
    held = HeldSet(version=1, entries=[entry(2, "out", 5, 20), entry(1, "out", 0, 20)])
    assert due(held, at(6))["out"].schedule_id.int == 1
