"""One environment's agent: consumes its own command queue, reports provisioned, state and heartbeats.

Commands are applied one at a time and at most once (their ids are remembered on disk); a command
seen again is answered with its completion again, so a lost reply costs nothing. What it does on its own (beats,
statistics, schedule ticks, sessions) is in ``loops``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import psutil
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection
from aiormq.abc import DeliveredMessage
from yarl import URL

from cenv_agent import AGENT_VERSION, endpoints, loops, media, statistics
from cenv_agent import state as disk
from cenv_agent.alerts import Alerts
from cenv_agent.config import AgentSettings
from cenv_agent.contract.alerts import ApplyAlertSet
from cenv_agent.contract.messages import (
    AGENT_COMMANDS,
    ENDPOINT_COMMANDS,
    STATISTICS_COMMANDS,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    EndpointCommand,
    InputsReported,
    QueryStatistics,
    ResetStatistics,
    ShutdownAgent,
    StatisticsReported,
    side_of,
)
from cenv_agent.contract.schedules import ApplyScheduleSet, DumpScheduleState
from cenv_agent.credentials import Credentials
from cenv_agent.drivers import make_driver
from cenv_agent.schedules import Schedules
from cenv_agent.sessions import Sessions
from common import correlation
from common.bus.publisher import Returned, to_amqp
from common.bus.topology import CENV_EVENTS, route
from common.contracts import (
    AgentCommand,
    AgentEvent,
    MalformedMessage,
    Message,
    envelope_for,
    parse_message,
    registry_of,
)
from common.logging import get_logger

log = get_logger(__name__)
KINDS: dict[type[AgentCommand], str] = {model: kind for kind, model in AGENT_COMMANDS.items()}
QUERY_EXPIRES_SECONDS = 10.0
COMMAND_AGAIN_SECONDS = 1.0  # a command whose handling failed comes back after this (never at once, in a loop)
RESTARTING = frozenset({"restart", "update", "upgrade"})
COMMANDS = registry_of(
    [
        *AGENT_COMMANDS.values(),
        *ENDPOINT_COMMANDS,
        *STATISTICS_COMMANDS,
        ApplyScheduleSet,
        DumpScheduleState,
        ApplyAlertSet,
    ]
)


class Agent:
    def __init__(self, settings: AgentSettings) -> None:
        self.settings = settings
        self.environment_id = settings.environment_id
        self.state_dir = Path(settings.state_dir)
        self.state = disk.load(self.state_dir)
        self.schedules = Schedules(self.state_dir, self.environment_id)
        self.alerts = Alerts(self.state_dir, self.environment_id)
        self.boot_id = uuid.uuid4()
        self.user = URL(settings.amqp_url.get_secret_value()).user
        self.finished = asyncio.Event()
        self.commands_lock = asyncio.Lock()
        self.media_lock = (
            asyncio.Lock()
        )  # a tick's realise and a restart's close never interleave (nothing half-stopped)
        self._sequence = 0
        self.unreported_guards: list[AgentEvent] = []
        self.process = psutil.Process()
        self.connection: AbstractRobustConnection | None = None
        self._exchange: aio_pika.abc.AbstractExchange | None = None
        self.credentials = Credentials(settings.gateway_url, settings.api_key, self.environment_id)
        self.driver = make_driver(settings.media_driver, settings.ffmpeg, settings.media_bind_host,
                                  settings.srt_live_transmit, settings.srt_fanout)  # fmt: skip
        self.sessions = Sessions(self.environment_id, self.boot_id, self.state, self.driver)

    async def run(self) -> None:
        self.connection = await aio_pika.connect_robust(
            self.settings.amqp_url.get_secret_value(),
            client_properties={"connection_name": f"cenv-agent-{self.environment_id}"},
        )
        background: list[asyncio.Task[None]] = []
        log.info("agent_media_driver", driver=self.driver.name, environment_id=str(self.environment_id))
        try:  # a start-up cut short (by a broker blip, say) closes its connection too
            await self.start_up(self.connection)
            background = [
                asyncio.create_task(c)
                for c in (
                    loops.heartbeats(self),
                    loops.report_statistics_forever(self),
                    loops.watchdog(self),
                    loops.call_platform(self),
                    loops.run_schedules(self),
                    loops.report_sessions_forever(self),
                )
            ]
            await self.finished.wait()
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await self.driver.close()  # no media process outlives its agent
            await self.credentials.close()
            await self.connection.close()

    async def start_up(self, connection: AbstractRobustConnection) -> None:
        connection.reconnect_callbacks.add(lambda *_: asyncio.ensure_future(self.report_state()))
        channel = await connection.channel(publisher_confirms=True)
        await channel.set_qos(prefetch_count=1)
        self._exchange = await channel.get_exchange(CENV_EVENTS, ensure=False)
        queue = await channel.declare_queue(self.settings.command_queue, passive=True)
        await queue.consume(self.on_command)
        if not self.state.provisioned:
            await self.publish(AgentProvisioned(environment_id=self.environment_id, agent_version=AGENT_VERSION,
                                                boot_id=self.boot_id))  # fmt: skip
            self.state.provisioned = True
            disk.save(self.state_dir, self.state)
        self.credentials.want(endpoints.needing_credentials(self.state.outputs))
        await self.report_state()

    async def publish(self, message: Message, cause: Any = None) -> None:
        assert self._exchange is not None
        envelope = envelope_for(
            message,
            producer="cenv_agent",
            correlation_id=cause.correlation_id if cause else correlation.new_id(),
            causation_id=str(cause.message_id) if cause else None,
        )
        _, routing_key = route(message)
        result = await self._exchange.publish(to_amqp(envelope, user_id=self.user), routing_key, timeout=10)
        if isinstance(result, DeliveredMessage):
            raise Returned(f"{message.TYPE}: the platform has no queue for it")

    def next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    async def report_state(self) -> None:
        # under the command lock, so the report reflects every command applied before it
        async with self.commands_lock:
            self.unreported_guards = statistics.marks(self.state, self.environment_id, time.time(), self.driver)
            with contextlib.suppress(Exception):  # reported again on the next reconnect
                await self.publish(AgentStateReported(
                    environment_id=self.environment_id, boot_id=self.boot_id, sequence=self.next_sequence(),
                    media_state=self.state.media_state, version=self.state.version,
                    last_command_id=self.state.last_command_id,
                ))  # fmt: skip
                await self.publish(InputsReported(environment_id=self.environment_id, boot_id=self.boot_id,
                                                  inputs=endpoints.configured(self.state.inputs),
                                                  outputs=endpoints.configured(self.state.outputs)))  # fmt: skip
                await self.publish(self.schedules.report(self.boot_id))
                await self.publish(self.alerts.report(self.boot_id))

    async def on_command(self, incoming: AbstractIncomingMessage) -> None:
        try:
            envelope, command = parse_message(incoming.body, COMMANDS)
            if not isinstance(command, AgentCommand) or command.environment_id != self.environment_id:
                raise MalformedMessage(f"{envelope.type} is not a command for {self.environment_id}")
        except MalformedMessage as exc:
            log.error("command_rejected", reason=str(exc))
            await incoming.reject(requeue=False)
            return
        correlation.bind(envelope.correlation_id, str(envelope.message_id), environment_id=str(self.environment_id))
        try:
            await self.handle(envelope, command)
        except Exception as exc:  # noqa: BLE001 (an answer not published, say: every command may come again)
            # Left unacknowledged, it would hold the queue's one delivery in flight until the connection dropped.
            log.warning("command_failed", command=envelope.type, error=repr(exc))
            await asyncio.sleep(COMMAND_AGAIN_SECONDS)
            with contextlib.suppress(Exception):  # a closed channel gives it back anyway
                await incoming.nack(requeue=True)
            return
        await incoming.ack()
        if isinstance(command, ShutdownAgent):
            await self.shut_down()

    async def handle(self, envelope: Any, command: AgentCommand) -> None:
        async with self.commands_lock:
            if isinstance(command, ENDPOINT_COMMANDS):
                await self.hold(envelope, command)
            elif isinstance(command, STATISTICS_COMMANDS):
                await self.on_statistics(envelope, command)
            elif isinstance(command, ApplyScheduleSet):
                await self.publish(self.schedules.apply(command), envelope)
            elif isinstance(command, DumpScheduleState):
                await self.publish(self.schedules.dump(command), envelope)
            elif isinstance(command, ApplyAlertSet):
                await self.publish(self.alerts.apply(command), envelope)
            else:
                await self.apply(envelope, command)

    async def apply(self, envelope: Any, command: AgentCommand) -> None:
        kind = KINDS[type(command)]
        if not self.state.has_done(command.command_id):
            await self.publish(CommandAcknowledged(environment_id=self.environment_id, command_id=command.command_id,
                                                   command_type=envelope.type), envelope)  # fmt: skip
            await media.perform(self.state, kind, getattr(command, "target_version", None))
            if kind in RESTARTING:
                async with self.media_lock:
                    await self.driver.close()  # every media process starts again at the next schedule tick
            self.state.record(command.command_id)
            disk.save(self.state_dir, self.state)
            log.info(
                "command_applied", command=kind, command_id=str(command.command_id), media_state=self.state.media_state
            )
        await self.publish(CommandCompleted(
            environment_id=self.environment_id, command_id=command.command_id, command_type=envelope.type,
            boot_id=self.boot_id, sequence=self.next_sequence(), media_state=self.state.media_state,
            version=self.state.version,
        ), envelope)  # fmt: skip

    async def hold(self, envelope: Any, command: EndpointCommand) -> None:
        """An input's or output's configuration, saved before it is answered: a lost answer leaves it held, and the
        platform's re-send of the same version is answered again without changing anything."""
        side, endpoint_id = side_of(command)
        held = endpoints.apply(self.state.held(side), command)
        if held != self.state.held(side):
            self.state.hold(side, held)
            disk.save(self.state_dir, self.state)
            log.info(f"{side}_held", command=envelope.type, endpoint_id=endpoint_id, version=command.version)
        if side == "output":
            if held[endpoint_id].removed:
                self.credentials.forget(endpoint_id)
            self.credentials.want(endpoints.needing_credentials(held))
        guarded = self.state.stopped_inputs if side == "input" else None
        await self.publish(endpoints.answer(held, command, self.state.media_state, guarded), envelope)

    async def on_statistics(self, envelope: Any, command: QueryStatistics | ResetStatistics) -> None:
        now = time.time()
        if isinstance(command, ResetStatistics):
            statistics.reset(self.state, command.side, command.endpoint_id, now)
            disk.save(self.state_dir, self.state)
            log.info("statistics_reset", side=command.side, endpoint_id=command.endpoint_id)
            return
        if now - envelope.occurred_at.timestamp() > QUERY_EXPIRES_SECONDS:
            return  # asked while the agent was away: nobody waits for the answer any more
        held = command.endpoint_id in statistics.live(self.state, command.side)
        found = {command.endpoint_id: statistics.one(self.state, command.side, command.endpoint_id, now, self.driver)}
        answer = StatisticsReported.model_validate({
            "environment_id": self.environment_id, "sampled_at": datetime.fromtimestamp(now, UTC),
            f"{command.side}s": found if held else {}, "request_id": command.command_id,
        })  # fmt: skip
        with contextlib.suppress(Exception):  # an unanswered query falls back to the last sample
            await self.publish(answer, envelope)

    def secrets_of(self, output_id: str, version: int) -> dict[str, str] | None:
        kept = self.credentials.of(output_id, version)
        return None if kept is None else {name: secret.get_secret_value() for name, secret in kept.items()}

    async def shut_down(self) -> None:
        log.info("agent_shutting_down")
        self.finished.set()
