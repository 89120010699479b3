"""What flowed through one input or output, measured on the bytes the agent relays, as statistics samples.

Packets count in the unit the simulation uses (1316 bytes: seven MPEG-TS packets, as SRT and RIST carry them);
the bitrate is the average over the last few seconds, once the stream settled. Jitter, loss and RTT are not
exposed by the ffmpeg command line: they read 0 (decision 61)."""

from __future__ import annotations

import collections
import time

from cenv_agent.contract.messages import EndpointStatistics
from cenv_agent.media import TS_PACKET_BYTES

WINDOW_SECONDS = 3.0
POINT_EVERY = 0.25
CONNECTED_WITHIN = 2.0  # bytes this recent: connected
SETTLE_SECONDS = 2.0  # what ffmpeg buffered while probing comes at once: no bitrate is read off that burst


class Meter:
    def __init__(self) -> None:
        self.total = self.dropped_bytes = 0
        self._zero = self._dropped_zero = 0
        self.zeroed_at = 0.0
        self.last_at: float | None = None
        self.flowing_since: float | None = None
        self._points: collections.deque[tuple[float, int]] = collections.deque()

    def add(self, size: int, now: float | None = None) -> None:
        now = time.time() if now is None else now
        if self.last_at is None or now - self.last_at > CONNECTED_WITHIN:
            self.flowing_since = now
        self.total += size
        self.last_at = now
        if not self._points or now - self._points[-1][0] >= POINT_EVERY:
            self._points.append((now, self.total))
            while len(self._points) > 2 and self._points[1][0] <= now - WINDOW_SECONDS:
                self._points.popleft()

    def drop(self, size: int) -> None:
        self.dropped_bytes += size

    def connected(self, now: float) -> bool:
        return self.last_at is not None and now - self.last_at <= CONNECTED_WITHIN

    def bitrate_kbps(self, now: float) -> int:
        settled = [point for point in self._points if point[0] >= (self.flowing_since or now) + SETTLE_SECONDS]
        if not self.connected(now) or not settled or now - settled[0][0] < WINDOW_SECONDS / 2:
            return 0
        start_at, start_total = settled[0]
        elapsed = now - start_at
        return round((self.total - start_total) * 8 / elapsed / 1000)

    def sample(self, now: float, since: float) -> EndpointStatistics:
        if not self.zeroed_at:  # first asked: everything measured counts
            self.zeroed_at = since
        elif since > self.zeroed_at:  # counters reset at ``since``
            self.zeroed_at, self._zero, self._dropped_zero = since, self.total, self.dropped_bytes
        connected = self.connected(now)
        flowing_since = max(self.flowing_since or now, since)
        return EndpointStatistics(
            bitrate_kbps=self.bitrate_kbps(now), jitter_ms=0, loss_millipercent=0, rtt_ms=0,
            dropped=(self.dropped_bytes - self._dropped_zero) // TS_PACKET_BYTES,
            packets=(self.total - self._zero) // TS_PACKET_BYTES,
            uptime_seconds=int(now - flowing_since) if connected else 0, connected=connected,
        )  # fmt: skip
