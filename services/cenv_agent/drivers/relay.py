"""The agent between its media processes: an input's ffmpeg writes MPEG-TS to its stdout, the agent reads it and
hands each whole 188-byte packet run to every output fed by that input, each through its own bounded queue into its
own ffmpeg's stdin. An output that is slow, or away, loses its own chunks (counted dropped) and never holds up its
siblings; one added or removed touches no other process (decision 61). An SRT endpoint's process is
srt-live-transmit when the machine has it, its statistics reports read off its stderr (decision 80)."""

from __future__ import annotations

import asyncio
import contextlib

from cenv_agent.drivers.commands import input_command, output_command, redacted, transmits
from cenv_agent.drivers.meter import Meter
from cenv_agent.drivers.plan import Endpoint
from cenv_agent.drivers.process import MediaProcess

TS = 188
READ_BYTES = 64 * 1024
QUEUED_CHUNKS = 256  # per output: a few seconds of a 5 Mbit/s stream


class OutputFeed:
    def __init__(self, ffmpeg: str, endpoint: Endpoint, meter: Meter, bind: str, srt_transmit: str | None) -> None:
        self.endpoint, self.meter = endpoint, meter
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(QUEUED_CHUNKS)
        pause = float(endpoint.settings.get("reconnect") or 0) if endpoint.kind == "rtmp" else 0
        reports = transmits(endpoint, srt_transmit, bind)
        self.process = MediaProcess(
            f"output:{endpoint.endpoint_id}",
            lambda attempt: output_command(ffmpeg, endpoint, attempt, bind, srt_transmit),
            self._write, redacted(endpoint), stdin=True, stdout=False, **({"first_pause": pause} if pause else {}),
            observe=lambda line: reports and meter.report(line, "send"),
        )  # fmt: skip

    def offer(self, chunk: bytes) -> None:
        try:
            self.queue.put_nowait(chunk)
        except asyncio.QueueFull:
            self.meter.drop(len(chunk))

    async def _write(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdin is not None
        while not self.queue.empty():  # what queued while no process ran is stale
            self.queue.get_nowait()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            while True:
                chunk = await self.queue.get()
                process.stdin.write(chunk)
                await process.stdin.drain()
                self.meter.add(len(chunk))

    async def stop(self) -> None:
        await self.process.stop()


class InputRelay:
    def __init__(self, ffmpeg: str, endpoint: Endpoint, meter: Meter, bind: str, srt_transmit: str | None) -> None:
        self.endpoint, self.meter = endpoint, meter
        self.feeds: dict[str, OutputFeed] = {}
        reports = transmits(endpoint, srt_transmit, bind)
        self.process = MediaProcess(
            f"input:{endpoint.endpoint_id}", lambda _: input_command(ffmpeg, endpoint, bind, srt_transmit), self._read,
            redacted(endpoint), stdin=False, stdout=True, observe=lambda line: reports and meter.report(line, "recv"),
        )  # fmt: skip

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        rest = b""
        while chunk := await process.stdout.read(READ_BYTES):
            self.meter.add(len(chunk))
            data = rest + chunk
            whole = len(data) // TS * TS
            ready, rest = data[:whole], data[whole:]
            if ready:
                for feed in list(self.feeds.values()):
                    feed.offer(ready)

    async def stop(self) -> None:
        await self.process.stop()
