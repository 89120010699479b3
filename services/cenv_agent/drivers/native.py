"""An SRT input and its SRT outputs in one native process (decision 91): ``switchyard-srt-fanout``
(native/srt_fanout.c, built by ``make tools`` beside the virtualenv's Python, and by the
Dockerfile into /usr/local/bin) receives the input with libsrt and hands each payload to every output's send buffer
in the same process. Outputs come and go by lines on its stdin, so a sibling added or removed restarts nothing;
settings (passphrases too) go there, percent-encoded, never in argv. It sends to the input's loopback multicast
group only while a non-SRT output (an ffmpeg process, decision 84) reads it. libsrt's interval reports of every
socket come on its stdout as JSON lines tagged with the endpoint; each goes to that endpoint's meter. Should the
process die, it is started again (``MediaProcess``) and told the input and its current outputs again."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

from cenv_agent.drivers import groups
from cenv_agent.drivers.commands import redacted, srt_settings
from cenv_agent.drivers.meter import Meter
from cenv_agent.drivers.plan import Endpoint
from cenv_agent.drivers.process import MediaProcess

PROGRAM = "switchyard-srt-fanout"


def find(program: str = PROGRAM) -> str | None:
    """The program on PATH, or beside the Python interpreter (the virtualenv's bin, /usr/local/bin in the image)."""
    if found := shutil.which(program):
        return found
    beside = Path(sys.executable).parent / program
    return str(beside) if os.access(beside, os.X_OK) and beside.is_file() else None


def _encoded(value: object) -> str:
    return quote(str(value), safe="")


def _line(verb: str, endpoint: Endpoint, bind: str) -> str:
    host, port, options = srt_settings(endpoint, bind)
    settings = {**options, "host": host, "port": str(port)}
    return " ".join([verb, _encoded(endpoint.endpoint_id), *(f"{k}={_encoded(v)}" for k, v in settings.items())])


class NativeOutput:
    """An SRT output carried by its input's process: it shares that process (its pid, its state)."""

    def __init__(self, source: NativeInput, endpoint: Endpoint, meter: Meter) -> None:
        self.source, self.endpoint, self.meter, self.group = source, endpoint, meter, source.group
        self.process = source.process
        source.add(self)

    def count_dropped(self) -> None:
        """Nothing to read off the kernel: what its full send buffer refused comes in its reports."""

    async def stop(self) -> None:
        self.source.remove(self.endpoint.endpoint_id)


class NativeInput:
    def __init__(self, program: str, endpoint: Endpoint, meter: Meter, bind: str) -> None:
        self.endpoint, self.meter, self.bind = endpoint, meter, bind
        self.group = groups.claim(endpoint.endpoint_id)
        self.outputs: dict[str, NativeOutput] = {}
        self.group_readers = 0  # the ffmpeg outputs reading the group
        self._stdin: asyncio.StreamWriter | None = None
        self.process = MediaProcess(f"input:{endpoint.endpoint_id}", lambda _: [program], self._serve,
                                    redacted(endpoint), stdin=True, stdout=True)  # fmt: skip

    def add(self, output: NativeOutput) -> None:
        self.outputs[output.endpoint.endpoint_id] = output
        self._tell(_line("add", output.endpoint, self.bind))

    def remove(self, output_id: str) -> None:
        if self.outputs.pop(output_id, None) is not None:
            self._tell(f"remove {_encoded(output_id)}")

    def read_by_group(self, readers: int) -> None:
        """``readers`` more (or fewer) outputs read the group: it is sent to while any does."""
        was, self.group_readers = self.group_readers, self.group_readers + readers
        if bool(was) != bool(self.group_readers):
            self._tell(self._multicast())

    async def stop(self) -> None:
        await self.process.stop()
        self.group.release()

    def _multicast(self) -> str:
        return f"multicast {'on' if self.group_readers else 'off'}"

    def _tell(self, *lines: str) -> None:
        if self._stdin is not None and not self._stdin.is_closing():
            self._stdin.write("".join(f"{line}\n" for line in lines).encode())

    async def _serve(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._stdin = process.stdin
        try:
            outputs = [_line("add", output.endpoint, self.bind) for output in self.outputs.values()]
            group = f"group {self.group.address} {self.group.port}"
            self._tell(_line("input", self.endpoint, self.bind), group, self._multicast(), *outputs)
            while line := await process.stdout.readline():
                self._take(line)
            await process.wait()
        finally:
            self._stdin = None

    def _take(self, line: bytes) -> None:
        try:
            report = json.loads(line)
            side, endpoint_id = report["side"], report["id"]
        except (ValueError, TypeError, KeyError):
            return
        if side == "input" and endpoint_id == self.endpoint.endpoint_id:
            self.meter.libsrt(report, "recv")
        elif side == "output" and (output := self.outputs.get(endpoint_id)) is not None:
            output.meter.libsrt(report, "send")
