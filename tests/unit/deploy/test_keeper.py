"""``make run`` starts a service that exited again, pausing longer while it keeps exiting, never for long."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given
from hypothesis import strategies as st

from devrun.keeper import Keeper, RestartPolicy


@dataclass
class Process:
    returncode: int | None = None

    def poll(self) -> int | None:
        return self.returncode


@dataclass
class FakeSupervisor:
    processes: dict[str, Process] = field(default_factory=lambda: {"gateway": Process(), "environments": Process()})
    restarted: list[str] = field(default_factory=list)

    def restart(self, service: str) -> None:
        self.restarted.append(service)
        self.processes[service] = Process()


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def keeper() -> tuple[Keeper, FakeSupervisor, Clock, list[str]]:
    supervisor, clock, said = FakeSupervisor(), Clock(), []
    return Keeper(supervisor, RestartPolicy(), clock, said.append), supervisor, clock, said


def test_a_service_that_exits_is_started_again_after_a_pause_and_only_that_one() -> None:
    keep, supervisor, clock, said = keeper()
    assert keep.check() == []
    supervisor.processes["environments"].returncode = -9
    assert keep.check() == [] and said == ["environments exited with code -9; starting it again in 1 s"]
    clock.now += 1
    assert keep.check() == ["environments"] and supervisor.restarted == ["environments"]
    assert keep.check() == []


def test_a_service_that_keeps_exiting_waits_longer_each_time_and_from_the_start_once_it_stayed_up() -> None:
    keep, supervisor, clock, said = keeper()
    for _ in range(7):
        supervisor.processes["gateway"].returncode = 1
        keep.check()
        clock.now += keep.pauses["gateway"]
        keep.check()
    assert [line.rsplit(" in ", 1)[1] for line in said] == ["1 s", "2 s", "4 s", "8 s", "16 s", "30 s", "30 s"]
    clock.now += 60
    supervisor.processes["gateway"].returncode = 1
    keep.check()
    assert said[-1].endswith("in 1 s")


@given(st.lists(st.floats(0, 200), min_size=1, max_size=30))
def test_pauses_stay_between_the_first_and_the_longest_and_only_grow_while_exits_come_quick(
    uptimes: list[float],
) -> None:
    policy, previous = RestartPolicy(), None
    for uptime in uptimes:
        pause = policy.pause_after(previous, uptime)
        assert policy.first <= pause <= policy.longest
        if previous is not None and uptime < policy.steady:
            assert pause >= previous
        previous = pause
