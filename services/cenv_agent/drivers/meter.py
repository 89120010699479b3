"""What flowed through one input or output, as statistics samples, from what its own media process reports
(decision 84): libsrt's interval reports when srt-live-transmit carries an SRT endpoint (bytes, RTT, loss, packets
dropped unrecovered; decision 80), ffmpeg's progress (total_size: bytes written) otherwise; and the datagrams the
kernel dropped for a slow output.

Packets count in the unit the simulation uses (1316 bytes: seven MPEG-TS packets, as SRT and RIST carry them);
the bitrate is the average between the reports of the last few seconds, once the stream settled. Loss is the share
of packets the network lost (most recovered by retransmission) over the last 10 seconds. libsrt reports no
jitter, and ffmpeg none of these: they read 0 there. Reports come every second from the native fan-out (decision
91), every 100 SRT packets from srt-live-transmit (a second apart at 1 Mbit/s, 5 s at 200 kbit/s): an endpoint stays
connected for three report intervals, at least 2 s, at most 12 s."""

from __future__ import annotations

import collections
import json
import time
from collections.abc import Mapping
from typing import Any, Literal

from cenv_agent.contract.messages import EndpointStatistics
from cenv_agent.media import TS_PACKET_BYTES

WINDOW_SECONDS = 3.0
POINT_EVERY = 0.25
CONNECTED_WITHIN = 2.0  # bytes this recent: connected (or three report intervals, up to SILENT_AT_MOST)
SILENT_AT_MOST = 12.0
LOSS_WINDOW_SECONDS = 10.0  # libsrt reports every 100 packets: a few reports even at a low bitrate
SETTLE_SECONDS = 2.0  # what ffmpeg buffered while probing comes at once: no bitrate is read off that burst
Direction = Literal["recv", "send"]  # the half of libsrt's report that is ours: an input receives, an output sends
# a sender's packetsLost counts every loss report (a packet reported twice, twice: 43 for 23 lost, tried); what it
# sent again is what the network lost
LOST: dict[Direction, str] = {"recv": "packetsLost", "send": "packetsRetransmitted"}


class Meter:
    def __init__(self) -> None:
        self.total = self.dropped_bytes = 0
        self._zero = self._dropped_zero = 0
        self.zeroed_at = 0.0
        self.last_at: float | None = None
        self.flowing_since: float | None = None
        self._points: collections.deque[tuple[float, int]] = collections.deque()
        self.rtt_ms = 0.0
        self.srt_dropped = self._srt_dropped_zero = 0
        self._losses: collections.deque[tuple[float, int, int]] = collections.deque()  # (at, packets, lost)
        self._interval = 0.0  # between the last two reports
        self._written = 0  # ffmpeg's total_size in its last progress report

    def report(self, line: str, direction: Direction, now: float | None = None) -> bool:
        """Takes one of libsrt's interval reports (a JSON line of srt-live-transmit's); False: not one."""
        try:
            stats = json.loads(line)
        except ValueError:
            return False
        return self.libsrt(stats, direction, now)

    def libsrt(self, stats: Mapping[str, Any], direction: Direction, now: float | None = None) -> bool:
        """Takes one of libsrt's interval reports, read; False: not one."""
        try:
            half, rtt = stats[direction], float(stats["link"]["rtt"])
            packets, lost, dropped = (int(half[name]) for name in ("packetsUnique", LOST[direction], "packetsDropped"))
            size = int(half.get("bytesUnique", 0))
        except (ValueError, TypeError, KeyError):
            return False
        now = time.time() if now is None else now
        if size > 0:
            self.add(size, now)
        self.rtt_ms, self.srt_dropped = rtt, self.srt_dropped + dropped
        self._losses.append((now, packets, lost))
        while self._losses[0][0] <= now - LOSS_WINDOW_SECONDS:
            self._losses.popleft()
        return True

    def progress(self, line: str, now: float | None = None) -> bool:
        """Takes a line of ffmpeg's progress (``key=value``); False: not one."""
        key, equals, value = line.partition("=")
        if not equals or not key.isidentifier() or " " in value.strip():
            return False
        if key == "total_size" and value.isdigit():
            written = int(value)  # smaller than before: a new process, counting from 0
            if (size := written - self._written if written >= self._written else written) > 0:
                self.add(size, now)
            self._written = written
        return True

    def loss_millipercent(self, now: float) -> int:
        recent = [(packets, lost) for at, packets, lost in self._losses if at > now - LOSS_WINDOW_SECONDS]
        packets, lost = sum(p for p, _ in recent), sum(lost for _, lost in recent)
        return min(100_000, lost * 100_000 // packets) if packets else 0

    def add(self, size: int, now: float | None = None) -> None:
        now = time.time() if now is None else now
        gap = None if self.last_at is None else now - self.last_at
        if gap is None or gap > SILENT_AT_MOST or (self._interval and not self.connected(now)):
            self.flowing_since, self._interval = now, 0.0  # a new flow (the second report sets the interval)
        else:
            self._interval = gap
        self.total += size
        self.last_at = now
        if not self._points or now - self._points[-1][0] >= POINT_EVERY:
            self._points.append((now, self.total))
            while len(self._points) > 2 and self._points[1][0] <= now - WINDOW_SECONDS:
                self._points.popleft()

    def drop(self, size: int) -> None:
        self.dropped_bytes += size

    def connected(self, now: float) -> bool:
        within = max(CONNECTED_WITHIN, min(3 * self._interval, SILENT_AT_MOST))
        return self.last_at is not None and now - self.last_at <= within

    def bitrate_kbps(self, now: float) -> int:
        settled = [point for point in self._points if point[0] >= (self.flowing_since or now) + SETTLE_SECONDS]
        if not self.connected(now) or not settled or self.last_at is None:
            return 0
        start_at, start_total = settled[0]
        elapsed = self.last_at - start_at  # bytes come in reports: up to the last one, not up to now
        if elapsed < WINDOW_SECONDS / 2:
            return 0
        return round((self.total - start_total) * 8 / elapsed / 1000)

    def sample(self, now: float, since: float) -> EndpointStatistics:
        if not self.zeroed_at:  # first asked: everything measured counts
            self.zeroed_at = since
        elif since > self.zeroed_at:  # counters reset at ``since``
            self.zeroed_at, self._zero, self._dropped_zero = since, self.total, self.dropped_bytes
            self._srt_dropped_zero = self.srt_dropped
        connected = self.connected(now)
        relayed_dropped = (self.dropped_bytes - self._dropped_zero) // TS_PACKET_BYTES
        dropped = relayed_dropped + self.srt_dropped - self._srt_dropped_zero
        flowing_since = max(self.flowing_since or now, since)
        return EndpointStatistics(
            bitrate_kbps=self.bitrate_kbps(now), jitter_ms=0, loss_millipercent=self.loss_millipercent(now),
            rtt_ms=self.rtt_ms if connected else 0,
            dropped=dropped,
            packets=(self.total - self._zero) // TS_PACKET_BYTES,
            uptime_seconds=int(now - flowing_since) if connected else 0, connected=connected,
        )  # fmt: skip
