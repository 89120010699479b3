"""``make run`` keeps every service up: one that exits is started again, after a pause that doubles while it
keeps exiting soon after starting (1 s, 2 s, 4 s ... at most 30 s) and starts from 1 s once it stayed up a minute."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class RestartPolicy:
    first: float = 1.0
    longest: float = 30.0
    steady: float = 60.0  # up this long, a service that exits is started again after ``first``

    def pause_after(self, previous: float | None, uptime: float) -> float:
        if previous is None or uptime >= self.steady:
            return self.first
        return min(previous * 2, self.longest)


class Exits(Protocol):
    def poll(self) -> int | None: ...

    @property
    def returncode(self) -> int | None: ...


class Supervises(Protocol):
    @property
    def processes(self) -> Mapping[str, Exits]: ...

    def restart(self, service: str) -> None: ...


@dataclass
class Keeper:
    supervisor: Supervises
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    clock: Callable[[], float] = time.monotonic
    say: Callable[[str], None] = lambda line: print(line, flush=True)  # noqa: T201
    started_at: dict[str, float] = field(default_factory=dict)
    pauses: dict[str, float] = field(default_factory=dict)
    due: dict[str, float] = field(default_factory=dict)  # when each exited service starts again

    def check(self) -> list[str]:
        """Notice services that exited and start those whose pause is over; returns the ones started."""
        now = self.clock()
        for service, process in list(self.supervisor.processes.items()):
            if service not in self.due and process.poll() is not None:
                uptime = now - self.started_at.get(service, now)
                self.pauses[service] = self.policy.pause_after(self.pauses.get(service), uptime)
                self.due[service] = now + self.pauses[service]
                self.say(f"{service} exited with code {process.returncode}; starting it again in "
                         f"{self.pauses[service]:g} s")  # fmt: skip
        started = [service for service, at in self.due.items() if at <= now]
        for service in started:
            del self.due[service]
            self.supervisor.restart(service)
            self.started_at[service] = now
        return started

    async def keep(self, stop: asyncio.Event, every: float = 0.5) -> None:
        while not stop.is_set():
            self.check()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
