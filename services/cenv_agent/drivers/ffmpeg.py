"""The ffmpeg driver: one media process per running input, one per fed output, joined by a loopback multicast group
per input (``fanout``, decision 84): srt-live-transmit for SRT when the machine has it, ffmpeg otherwise (decision
80). An SRT input and its SRT outputs share one native process when the machine has switchyard-srt-fanout
(``native``, decision 91); its other outputs still read its group. The statistics are what the processes report,
with libsrt's RTT and loss (``meter``). Zixi endpoints are not realised: their statistics stay simulated."""

from __future__ import annotations

import shutil

from cenv_agent import media
from cenv_agent.contract.messages import EndpointStatistics, Side
from cenv_agent.drivers import native
from cenv_agent.drivers.commands import SRT_KINDS, Unrealisable, input_command, output_command
from cenv_agent.drivers.fanout import MediaInput, MediaOutput
from cenv_agent.drivers.groups import Group
from cenv_agent.drivers.meter import Meter
from cenv_agent.drivers.native import NativeInput, NativeOutput
from cenv_agent.drivers.plan import Endpoint, Feed, Plan
from common.logging import get_logger

log = get_logger(__name__)
SRT_TRANSMIT = shutil.which("srt-live-transmit")
SRT_FANOUT = native.find()
SOME_GROUP = Group("239.255.0.1", 1)  # to see whether a configuration can be realised at all
Input = MediaInput | NativeInput
Output = MediaOutput | NativeOutput


class FfmpegDriver:
    name = "ffmpeg"
    realises = True

    def __init__(self, ffmpeg: str = "ffmpeg", bind: str = "0.0.0.0",  # noqa: S104
                 srt_transmit: str | None = SRT_TRANSMIT, srt_fanout: str | None = SRT_FANOUT) -> None:  # fmt: skip
        """``srt_transmit``: the srt-live-transmit that carries SRT endpoints; None: ffmpeg carries them.
        ``srt_fanout``: the native program that carries an SRT input and its SRT outputs; None: processes each."""
        self.ffmpeg, self.bind, self.srt_transmit, self.srt_fanout = ffmpeg, bind, srt_transmit, srt_fanout
        self.inputs: dict[str, Input] = {}
        self.outputs: dict[str, tuple[Feed, Output]] = {}
        self.meters: dict[tuple[Side, str], Meter] = {}
        self.simulated: set[tuple[Side, str]] = set()
        self.refused: set[tuple[Side, str, int]] = set()

    async def realise(self, plan: Plan) -> None:
        self.simulated = set(plan.simulated)
        for output_id, (feed, _) in list(self.outputs.items()):
            if plan.outputs.get(output_id) != feed or plan.inputs.get(feed.input_id) != self._input(feed.input_id):
                await self._stop_output(output_id)
        for input_id, running in list(self.inputs.items()):
            if plan.inputs.get(input_id) != running.endpoint:
                await self.inputs.pop(input_id).stop()
                log.info("input_media_stopped", input_id=input_id)
        for input_id, endpoint in plan.inputs.items():
            if input_id not in self.inputs and self._realisable("input", endpoint):
                try:
                    self.inputs[input_id] = self._start_input(endpoint)
                except OSError as exc:  # no port for its group (the machine out of ports): tried again next tick
                    log.error("input_media_not_started", input_id=input_id, reason=repr(exc))
                    continue
                log.info("input_media_started", input_id=input_id, kind=endpoint.kind)
        for output_id, feed in plan.outputs.items():
            source = self.inputs.get(feed.input_id)
            if output_id not in self.outputs and source is not None and self._realisable("output", feed.output):
                self.outputs[output_id] = (feed, self._start_output(source, feed.output))
                log.info("output_media_started", output_id=output_id, input_id=feed.input_id, kind=feed.output.kind)

    def sample(self, side: Side, endpoint_id: str, now: float, since: float, running: bool) -> EndpointStatistics:
        if (side, endpoint_id) in self.simulated:
            return media.sample(side, endpoint_id, now, since, running)
        if side == "output" and endpoint_id in self.outputs:
            self.outputs[endpoint_id][1].count_dropped()
        return self._meter(side, endpoint_id).sample(now, since)

    def bitrate_kbps(self, side: Side, endpoint_id: str, now: float) -> int:
        if (side, endpoint_id) in self.simulated:
            return media.bitrate_kbps(side, endpoint_id, now)
        meter = self.meters.get((side, endpoint_id))
        return meter.bitrate_kbps(now) if meter else 0

    async def close(self) -> None:
        await self.realise(Plan())

    def processes(self) -> dict[str, str]:
        """Each media process by name, and its state (running, restarting)."""
        every = [i.process for i in self.inputs.values()] + [o.process for _, o in self.outputs.values()]
        return {p.name: p.state for p in every}

    def pids(self) -> list[int]:
        every = [i.process for i in self.inputs.values()] + [o.process for _, o in self.outputs.values()]
        return list(dict.fromkeys(pid for p in every if (pid := p.pid) is not None))  # outputs may share theirs

    def _start_input(self, endpoint: Endpoint) -> Input:
        meter = self._meter("input", endpoint.endpoint_id)
        if self.srt_fanout is not None and endpoint.kind in SRT_KINDS:
            return NativeInput(self.srt_fanout, endpoint, meter, self.bind)
        return MediaInput(self.ffmpeg, endpoint, meter, self.bind, self.srt_transmit)

    def _start_output(self, source: Input, endpoint: Endpoint) -> Output:
        meter = self._meter("output", endpoint.endpoint_id)
        if isinstance(source, NativeInput) and endpoint.kind in SRT_KINDS:
            return NativeOutput(source, endpoint, meter)
        if isinstance(source, NativeInput):
            source.read_by_group(1)
        return MediaOutput(self.ffmpeg, endpoint, source.group, meter, self.bind, self.srt_transmit)

    def _input(self, input_id: str) -> Endpoint | None:
        running = self.inputs.get(input_id)
        return running.endpoint if running else None

    def _meter(self, side: Side, endpoint_id: str) -> Meter:
        return self.meters.setdefault((side, endpoint_id), Meter())

    def _realisable(self, side: Side, endpoint: Endpoint) -> bool:
        try:
            if side == "input":
                input_command(self.ffmpeg, endpoint, SOME_GROUP)
            else:
                output_command(self.ffmpeg, endpoint, SOME_GROUP)
        except (Unrealisable, KeyError) as exc:
            if (side, endpoint.endpoint_id, endpoint.version) not in self.refused:
                self.refused.add((side, endpoint.endpoint_id, endpoint.version))
                log.error("media_not_realised", side=side, endpoint_id=endpoint.endpoint_id, reason=str(exc))
            return False
        return True

    async def _stop_output(self, output_id: str) -> None:
        feed, output = self.outputs.pop(output_id)
        await output.stop()
        if isinstance(output, MediaOutput) and isinstance(source := self.inputs.get(feed.input_id), NativeInput):
            source.read_by_group(-1)
        log.info("output_media_stopped", output_id=output_id)
