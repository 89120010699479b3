"""Output sessions: each period the agent fed an output for a schedule entry, announced as it starts and reported
when it stops with what the media driver measured of it (the history API's call detail records, P09).

A session's counters are the endpoints' counters at its end less those at its start, read with the same
``counting_since`` the periodic statistics use (started at the session's start if not yet), so a session never
resets them. Reports not yet published stay queued in memory, in order, and go at a later tick; the sessions an
agent that dies was running are ended by the platform (decision 88), which its start announcement told of them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cenv_agent import statistics
from cenv_agent.contract.messages import EndpointStatistics, Side
from cenv_agent.contract.schedules import Feeding, OutputSessionEnded, OutputSessionStarted, SessionStream
from cenv_agent.drivers import MediaDriver
from cenv_agent.schedules import Stopped
from cenv_agent.state import AgentState

Counters = tuple[EndpointStatistics, EndpointStatistics]  # of the input and of the output
SESSIONS = uuid.UUID("5d0b7c52-43b5-4bd1-9a63-6a1f0a1bd7c3")


def session_id(environment_id: uuid.UUID, output_id: str, feeding: Feeding) -> uuid.UUID:
    return uuid.uuid5(SESSIONS, f"{environment_id}/{output_id}/{feeding.schedule_id}/{feeding.since.isoformat()}")


class Sessions:
    def __init__(self, environment_id: uuid.UUID, boot_id: uuid.UUID, state: AgentState, driver: MediaDriver) -> None:
        self.environment_id, self.boot_id, self.state, self.driver = environment_id, boot_id, state, driver
        self.at_start: dict[tuple[str, uuid.UUID], Counters] = {}
        self.unreported: list[OutputSessionStarted | OutputSessionEnded] = []

    def follow(self, live: dict[str, Feeding], stopped: list[Stopped], now: datetime) -> None:
        """After a tick: sessions that stopped are queued for reporting, new ones have their counters noted and are
        announced (always before their end: one list, published in order)."""
        for output_id, feeding, reason in stopped:
            start = self.at_start.pop((output_id, feeding.schedule_id), None)
            self.unreported.append(self._ended(output_id, feeding, reason, now, start))
        for output_id, feeding in live.items():
            if (output_id, feeding.schedule_id) not in self.at_start:
                self.at_start[(output_id, feeding.schedule_id)] = self._counters(output_id, feeding, now)
                self.unreported.append(self._started(output_id, feeding))

    def _started(self, output_id: str, feeding: Feeding) -> OutputSessionStarted:
        return OutputSessionStarted(
            environment_id=self.environment_id, session_id=session_id(self.environment_id, output_id, feeding),
            boot_id=self.boot_id, schedule_id=feeding.schedule_id, input_id=feeding.input_id, output_id=output_id,
            start_time=feeding.since,
        )  # fmt: skip

    def _counters(self, output_id: str, feeding: Feeding, now: datetime) -> Counters:
        return self._sample("input", feeding.input_id, now), self._sample("output", output_id, now)

    def _sample(self, side: Side, endpoint_id: str, now: datetime) -> EndpointStatistics:
        moment = now.timestamp()
        since = statistics.counting_since(self.state, side, endpoint_id, moment)
        return self.driver.sample(side, endpoint_id, moment, since, True)

    def _ended(
        self, output_id: str, feeding: Feeding, reason: str, now: datetime, start: Counters | None
    ) -> OutputSessionEnded:
        rx, tx = self._counters(output_id, feeding, now)
        rx0, tx0 = start if start else (None, None)
        stream = SessionStream(
            start_time=feeding.since, end_time=now,
            rx_bitrate_kbps=rx.bitrate_kbps, rx_packets=_grown(rx.packets, rx0.packets if rx0 else None),
            rx_packet_loss=rx.loss_millipercent / 1000, rx_jitter_ms=rx.jitter_ms,
            tx_bitrate_kbps=tx.bitrate_kbps, tx_packets=_grown(tx.packets, tx0.packets if tx0 else None),
            tx_packet_loss=tx.loss_millipercent / 1000, tx_rtt_ms=tx.rtt_ms,
            tx_dropped=_grown(tx.dropped, tx0.dropped if tx0 else None),
        )  # fmt: skip
        return OutputSessionEnded.model_validate({
            "environment_id": self.environment_id, "session_id": session_id(self.environment_id, output_id, feeding),
            "schedule_id": feeding.schedule_id, "input_id": feeding.input_id, "output_id": output_id,
            "start_time": feeding.since, "end_time": now, "reason": reason, "media_streams": [stream],
        })  # fmt: skip


def _grown(now: int, then: int | None) -> int:
    """A counter's growth over the session (its whole value when its start was not seen; 0 after a reset)."""
    return now if then is None else max(0, now - then)
