"""The schedule set an agent holds, and what it runs by it on its own clock (decision 52).

A set replaces the one held at once, and only when its version is newer: whatever order and however often sets
arrive, the agent ends holding the newest, and it keeps it on its disk (beside ``state.json``) so a restart comes
back holding it. The simulated media runs an output fed by its entry's input from the entry's start to its end
while the environment's media runs; an entry that should have started while the agent was away runs as soon as
it is back, if it has not ended.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, Field

from cenv_agent import kept
from cenv_agent.contract.schedules import (
    ApplyScheduleSet,
    DumpScheduleState,
    Feeding,
    ScheduleEntry,
    ScheduleSetApplied,
    ScheduleSetReported,
    ScheduleStateDumped,
    SessionEnd,
)
from common.logging import get_logger

log = get_logger(__name__)
FILE = "schedules.json"
TICK_SECONDS = 0.1


class Stopped(NamedTuple):
    output_id: str
    feeding: Feeding
    reason: SessionEnd


class HeldSet(BaseModel):
    version: int = 0
    entries: list[ScheduleEntry] = Field(default_factory=list)


def due(held: HeldSet, now: datetime) -> dict[str, ScheduleEntry]:
    """The entry each output runs at ``now`` (the earliest started, should the set ever hold two)."""
    running: dict[str, ScheduleEntry] = {}
    for entry in sorted(held.entries, key=lambda e: (e.start, str(e.schedule_id))):
        if entry.start <= now < entry.end:
            running.setdefault(entry.output_id, entry)
    return running


class Schedules:
    def __init__(self, state_dir: Path, environment_id: uuid.UUID) -> None:
        self.path, self.environment_id = state_dir / FILE, environment_id
        self.held = kept.load(self.path, HeldSet)
        self.live: dict[str, Feeding] = {}

    def apply(self, command: ApplyScheduleSet) -> ScheduleSetApplied:
        """Saved before it is answered: a lost answer leaves it held, and a re-send is answered without change."""
        if command.version > self.held.version:
            self.held = HeldSet(version=command.version, entries=command.entries)
            kept.save(self.path, self.held)
            log.info("schedule_set_applied", version=command.version, entries=len(command.entries))
        return ScheduleSetApplied(environment_id=self.environment_id, version=self.held.version)

    def report(self, boot_id: uuid.UUID) -> ScheduleSetReported:
        return ScheduleSetReported(environment_id=self.environment_id, boot_id=boot_id, version=self.held.version)

    def dump(self, command: DumpScheduleState) -> ScheduleStateDumped:
        held, running = self.held, dict(self.live)
        return ScheduleStateDumped(environment_id=self.environment_id, command_id=command.command_id,
                                   version=held.version, entries=held.entries, running=running)  # fmt: skip

    def tick(self, media_running: bool, now: datetime | None = None) -> list[Stopped]:
        """Start what is due and stop what is not, as the clock says now; returns what stopped, and why."""
        now = now or datetime.now(UTC)
        wanted = due(self.held, now) if media_running else {}
        stopped: list[Stopped] = []
        for output_id in [o for o, f in self.live.items() if wanted.get(o, None) is None
                          or wanted[o].schedule_id != f.schedule_id]:  # fmt: skip
            feeding = self.live.pop(output_id)
            stopped.append(Stopped(output_id, feeding, self._why_stopped(feeding, media_running, now)))
            log.info("output_stopped", output_id=output_id, schedule_id=str(feeding.schedule_id),
                     environment_id=str(self.environment_id), reason=stopped[-1].reason)  # fmt: skip
        for output_id, entry in wanted.items():
            if output_id not in self.live:
                self.live[output_id] = Feeding(schedule_id=entry.schedule_id, input_id=entry.input_id, since=now)
                log.info("output_started", output_id=output_id, input_id=entry.input_id,
                         schedule_id=str(entry.schedule_id), environment_id=str(self.environment_id))  # fmt: skip
        return stopped

    def _why_stopped(self, feeding: Feeding, media_running: bool, now: datetime) -> SessionEnd:
        if not media_running:
            return "media_stopped"
        ended = any(e.schedule_id == feeding.schedule_id and e.end <= now for e in self.held.entries)
        return "ended" if ended else "withdrawn"


async def ask_for_refresh(
    gateway_url: str, api_key: str, environment_id: uuid.UUID, instance_type: str | None = None
) -> None:
    """A200, as the agent's scheduler starts: the platform recomputes the environment's set and pushes it (the set
    reported on connect does the same over the bus; either is enough). ``instance_type``: the machine's, when the
    agent knows it (the machine may have been resized: the scheduler reshuffles who starts)."""
    import aiohttp  # imported only here, as in ``Agent.call_platform``

    url = f"{gateway_url.rstrip('/')}/api/customer_environment/{environment_id}/schedules/refresh"
    try:
        timeout = aiohttp.ClientTimeout(total=10)
        headers = {"Authorization": f"Bearer {api_key}"}
        body = None if instance_type is None else {"instance_type": instance_type}
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url, headers=headers, json=body) as response,
        ):
            log.info("schedule_refresh_requested", status=response.status, environment_id=str(environment_id),
                     instance_type=instance_type)  # fmt: skip
    except aiohttp.ClientError as exc:
        log.warning("schedule_refresh_failed", error=repr(exc), environment_id=str(environment_id))
