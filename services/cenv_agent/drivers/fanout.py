"""An input's process and its outputs' processes, joined by the kernel (decision 84): the input's process sends its
MPEG-TS as 1316-byte datagrams to the input's loopback multicast group; each output's process reads that group
itself. The agent touches no media byte: an output added or removed starts or stops only its own process, and a slow
one loses only its own datagrams (the kernel's count of them is its ``dropped``). What flowed is what each process
reports on its stdout: libsrt's interval reports for srt-live-transmit (SRT, decision 80), ffmpeg's progress
otherwise; its stderr holds only errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from cenv_agent.drivers import groups
from cenv_agent.drivers.commands import input_command, output_command, redacted, transmits
from cenv_agent.drivers.groups import Group
from cenv_agent.drivers.meter import Direction, Meter
from cenv_agent.drivers.plan import Endpoint
from cenv_agent.drivers.process import MediaProcess, Serve
from cenv_agent.media import TS_PACKET_BYTES


def _reading(meter: Meter, reports: bool, direction: Direction) -> Serve:
    """What reads the process's stdout for the meter: libsrt's reports, or else ffmpeg's progress."""
    take: Callable[[str], bool] = (lambda line: meter.report(line, direction)) if reports else meter.progress

    async def serve(process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            take(line.decode(errors="replace").strip())
        await process.wait()

    return serve


class MediaInput:
    def __init__(self, ffmpeg: str, endpoint: Endpoint, meter: Meter, bind: str, srt_transmit: str | None) -> None:
        self.endpoint, self.meter = endpoint, meter
        self.group = groups.claim(endpoint.endpoint_id)
        serve = _reading(meter, transmits(endpoint, srt_transmit, bind), "recv")
        self.process = MediaProcess(
            f"input:{endpoint.endpoint_id}", lambda _: input_command(ffmpeg, endpoint, self.group, bind, srt_transmit),
            serve, redacted(endpoint), stdin=False, stdout=True,
        )  # fmt: skip

    async def stop(self) -> None:
        await self.process.stop()
        self.group.release()


class MediaOutput:
    def __init__(self, ffmpeg: str, endpoint: Endpoint, group: Group, meter: Meter, bind: str,
                 srt_transmit: str | None) -> None:  # fmt: skip
        self.endpoint, self.group, self.meter = endpoint, group, meter
        self._dropped: tuple[int | None, int] = (None, 0)  # (pid, the kernel's count for it when last read)
        pause = float(endpoint.settings.get("reconnect") or 0) if endpoint.kind == "rtmp" else 0
        self.process = MediaProcess(
            f"output:{endpoint.endpoint_id}",
            lambda attempt: output_command(ffmpeg, endpoint, group, attempt, bind, srt_transmit),
            _reading(meter, transmits(endpoint, srt_transmit, bind), "send"), redacted(endpoint), stdin=False,
            stdout=True, **({"first_pause": pause} if pause else {}),
        )  # fmt: skip

    def count_dropped(self) -> None:
        """Adds to the meter the datagrams the kernel dropped for this output since last asked (a slow output)."""
        pid = self.process.pid
        if pid is None:
            return
        seen, before = self._dropped
        now = groups.dropped(pid, self.group)
        self.meter.drop(max(0, now - (before if seen == pid else 0)) * TS_PACKET_BYTES)
        self._dropped = (pid, now)

    async def stop(self) -> None:
        await self.process.stop()
