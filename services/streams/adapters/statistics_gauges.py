"""Per-input and per-output Prometheus gauges of the latest samples, with bounded label cardinality (decision 51).

Labels are the environment, the side and the endpoint id; at most ``max_series`` endpoints are exported by one
process at a time. A sample of an endpoint not exported yet, when full, takes the place of the one updated least
recently; an endpoint not sampled for ``idle_seconds`` (deleted, or its agent gone) is dropped by a sweep, which
each update makes now and then.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping

from prometheus_client import Counter, Gauge

from cenv_agent.contract.messages import EndpointStatistics, Side

LABELS = ("environment_id", "side", "endpoint_id")
GAUGES: dict[str, Gauge] = {
    "bitrate_kbps": Gauge("switchyard_stream_bitrate_kbps", "net_recv.bitrate: the endpoint's bitrate", LABELS),
    "jitter_ms": Gauge("switchyard_stream_jitter_ms", "net_recv.jitter", LABELS),
    "loss_millipercent": Gauge("switchyard_stream_loss_millipercent", "net_recv.loss_millipercent", LABELS),
    "rtt_ms": Gauge("switchyard_stream_rtt_ms", "net_send.rtt", LABELS),
    "dropped": Gauge("switchyard_stream_dropped_packets", "arq_recv.dropped since the last reset", LABELS),
    "packets": Gauge("switchyard_stream_packets", "packets since the last reset", LABELS),
    "uptime_seconds": Gauge("switchyard_stream_uptime_seconds", "uptime", LABELS),
    "connected": Gauge("switchyard_stream_connected", "is_connected: 1 when connected", LABELS),
}
EVICTED = Counter(
    "switchyard_stream_series_evicted_total",
    "Endpoints whose gauges were dropped: over the series bound, or idle",
    ["reason"],
)
Key = tuple[str, str, str]


class BoundedGauges:
    def __init__(self, max_series: int, idle_seconds: float) -> None:
        self.max_series, self.idle_seconds = max_series, idle_seconds
        self._seen: OrderedDict[Key, float] = OrderedDict()  # least recently updated first
        self._swept = 0.0

    def __len__(self) -> int:
        return len(self._seen)

    def update(
        self, environment_id: object, samples: Mapping[Side, Mapping[str, EndpointStatistics]], now: float | None = None
    ) -> None:
        now = time.monotonic() if now is None else now
        if now - self._swept > self.idle_seconds / 4:
            self.sweep(now)
        for side, by_id in samples.items():
            for endpoint_id, sample in by_id.items():
                key = (str(environment_id), side, endpoint_id)
                if key not in self._seen and len(self._seen) >= self.max_series:
                    self._drop(next(iter(self._seen)), "bound")
                self._seen[key] = now
                self._seen.move_to_end(key)
                for field, gauge in GAUGES.items():
                    gauge.labels(*key).set(float(getattr(sample, field)))

    def sweep(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._swept = now
        for key in [k for k, seen in self._seen.items() if now - seen > self.idle_seconds]:
            self._drop(key, "idle")

    def _drop(self, key: Key, reason: str) -> None:
        del self._seen[key]
        for gauge in GAUGES.values():
            gauge.remove(*key)
        EVICTED.labels(reason).inc()
