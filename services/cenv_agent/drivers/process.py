"""One media process, kept running: started in its own process group (and killed with the agent should the agent
die), served while it lives, started again after a pause that doubles when it dies, and stopped with its whole
group so no ffmpeg outlives its endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any, Literal

from common.logging import get_logger

log = get_logger(__name__)
PR_SET_PDEATHSIG = 1
FIRST_PAUSE, LONGEST_PAUSE, STEADY_SECONDS = 0.5, 10.0, 3.0  # a receiver leaving ends a listener output: no failure
STOP_WITHIN = 2.0
State = Literal["starting", "running", "restarting", "stopped"]
Serve = Callable[[asyncio.subprocess.Process], Coroutine[Any, Any, None]]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class MediaProcess:
    """``command(attempt)`` gives the command line of each start; ``serve`` runs while the process lives (reading
    its stdout, writing its stdin). ``redact`` makes a text about it fit for the log (no passphrase, no stream
    key). Its stderr is kept as its last errors."""

    def __init__(self, name: str, command: Callable[[int], list[str]], serve: Serve, redact: Callable[[str], str],
                 *, stdin: bool, stdout: bool, first_pause: float = FIRST_PAUSE) -> None:  # fmt: skip
        self.name, self.command, self.serve, self.redact = name, command, serve, redact
        self.pipes = {"stdin": asyncio.subprocess.PIPE if stdin else asyncio.subprocess.DEVNULL,
                      "stdout": asyncio.subprocess.PIPE if stdout else asyncio.subprocess.DEVNULL}  # fmt: skip
        self.first_pause = first_pause
        self.state: State = "starting"
        self.starts = 0
        self.process: asyncio.subprocess.Process | None = None
        self.errors: deque[str] = deque(maxlen=5)
        self.described = ""
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._keep_running(), name=f"media-{name}")

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process and self.process.returncode is None else None

    async def stop(self) -> None:
        # never cancelled: a process being spawned would be lost; the runner sees the event and ends its group
        self._stopping.set()
        await self._task
        self.state = "stopped"

    async def _keep_running(self) -> None:
        pause = self.first_pause
        while not self._stopping.is_set():
            started = time.monotonic()
            returncode = await self._run_once()
            if self._stopping.is_set():
                return
            pause = self.first_pause if time.monotonic() - started > STEADY_SECONDS else pause
            self.state = "restarting"
            log.warning("media_process_exited", process=self.name, returncode=returncode, restart_in=pause,
                        starts=self.starts, errors=list(self.errors), command=self.described)  # fmt: skip
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), pause)
            pause = min(pause * 2, LONGEST_PAUSE)

    async def _run_once(self) -> int | None:
        command = self.command(self.starts)
        self.starts, self.described = self.starts + 1, self.redact(" ".join(command))
        try:
            self.process = process = await asyncio.create_subprocess_exec(
                *command, stderr=asyncio.subprocess.PIPE, start_new_session=True, preexec_fn=_die_with_parent,
                **self.pipes,  # type: ignore[arg-type]
            )  # fmt: skip
        except OSError as exc:  # no ffmpeg there, say: tried again after the pause, as a death would be
            self.errors.append(repr(exc))
            return None
        self.state = "running"
        log.info("media_process_started", process=self.name, pid=process.pid, command=self.described)
        served, waited = asyncio.create_task(self.serve(process)), asyncio.create_task(process.wait())
        stopping = asyncio.create_task(self._stopping.wait())
        tasks: list[asyncio.Task[Any]] = [served, asyncio.create_task(self._errors(process)), waited, stopping]
        try:  # until served out, or it ended, or it is to stop
            await asyncio.wait([served, waited, stopping], return_when=asyncio.FIRST_COMPLETED)
        finally:
            await self._end_group()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            _close(process)
        return process.returncode

    async def _errors(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        while line := await process.stderr.readline():
            self.errors.append(self.redact(line.decode(errors="replace").strip())[:300])

    async def _end_group(self) -> None:
        """End of its input, SIGTERM to its group (ffmpeg closes its output cleanly), SIGKILL if it lingers."""
        process = self.process
        if process is None or process.returncode is not None:
            return
        if process.stdin is not None:  # an ffmpeg blocked reading its stdin would not see SIGTERM until it reads
            process.stdin.close()
        for signum in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signum)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), STOP_WITHIN)
                return


def _close(process: asyncio.subprocess.Process) -> None:
    # the pipes of a process whose readers were cancelled stay open until collected: close them now (no fd leak)
    transport = getattr(process, "_transport", None)
    if transport is not None:
        transport.close()
