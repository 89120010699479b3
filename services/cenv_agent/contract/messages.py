"""The c_env agent protocol: the commands an agent accepts and the reports it publishes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

from common.contracts import AgentCommand, AgentEvent, Message

MediaState = Literal["running", "stopped"]


class StartEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.StartEnvironment"


class StopEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.StopEnvironment"


class RestartEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.RestartEnvironment"


class UpdateEnvironment(AgentCommand):
    """Quick update from git: the agent pulls the newest configuration and reloads."""

    TYPE: ClassVar[str] = "cenv.UpdateEnvironment"


class UpgradeEnvironment(AgentCommand):
    TYPE: ClassVar[str] = "cenv.UpgradeEnvironment"
    target_version: str


class ShutdownAgent(AgentCommand):
    """The environment is being deleted: stop everything and exit."""

    TYPE: ClassVar[str] = "cenv.ShutdownAgent"


RUNNING_HELP = "whether the endpoint's media should run (started) or not (stopped); absent from older senders: run"
RAN_HELP = (
    "whether the endpoint's media runs on the c_env now: held running, and the environment's media running "
    "(None: an agent older than start and stop, or a removal)"
)


class ConfigureInput(AgentCommand):
    """Hold this configuration of the input (its kind, every field, no secrets, and whether it runs); ``version``
    grows with each change of the input, so an older or equal version than the one held changes nothing."""

    TYPE: ClassVar[str] = "cenv.ConfigureInput"
    input_id: str
    version: int = Field(ge=1)
    kind: str
    settings: dict[str, Any]
    running: bool = Field(True, description=RUNNING_HELP)


class RemoveInput(AgentCommand):
    """Let go of the input: it was deleted at ``version``."""

    TYPE: ClassVar[str] = "cenv.RemoveInput"
    input_id: str
    version: int = Field(ge=1)


class ConfigureOutput(AgentCommand):
    """Hold this configuration of the output, as ``ConfigureInput`` does for inputs. No secret travels: an SRT
    output's settings say only ``password_set`` and an RTMP output's addresses come masked; ``credentials`` names
    the settings whose real values the agent fetches over its HTTP credential."""

    TYPE: ClassVar[str] = "cenv.ConfigureOutput"
    output_id: str
    version: int = Field(ge=1)
    kind: str
    settings: dict[str, Any]
    running: bool = Field(True, description=RUNNING_HELP)
    credentials: list[str] = Field(
        default_factory=list, description="names of kept credentials: password, url, backup_url"
    )


class RemoveOutput(AgentCommand):
    """Let go of the output: it was deleted at ``version``."""

    TYPE: ClassVar[str] = "cenv.RemoveOutput"
    output_id: str
    version: int = Field(ge=1)


class QueryStatistics(AgentCommand):
    """Answer now with the statistics of one input or output: ``StatisticsReported`` whose ``request_id`` is this
    command's ``command_id``. Not remembered, not repeated: an unanswered query is simply stale."""

    TYPE: ClassVar[str] = "cenv.QueryStatistics"
    side: Literal["input", "output"]
    endpoint_id: str


class ResetStatistics(AgentCommand):
    """Zero the counters (packets, dropped, uptime) of one input or output."""

    TYPE: ClassVar[str] = "cenv.ResetStatistics"
    side: Literal["input", "output"]
    endpoint_id: str


class Load(Message):
    cpu_percent: float = Field(ge=0)
    memory_rss_bytes: int = Field(ge=0)
    inputs: int = Field(0, ge=0)
    outputs: int = Field(0, ge=0)
    bandwidth_kbps: int = Field(0, ge=0)


class AgentProvisioned(AgentEvent):
    TYPE: ClassVar[str] = "cenv.Provisioned"
    agent_version: str
    boot_id: uuid.UUID


class AgentStateReported(AgentEvent):
    """Sent on every (re)connect: the agent's whole state. ``sequence`` orders it among the agent's
    reports and completions of the same boot, so a report overtaken by a completion is recognised."""

    TYPE: ClassVar[str] = "cenv.StateReported"
    boot_id: uuid.UUID
    sequence: int = Field(0, ge=0)
    media_state: MediaState
    version: str
    last_command_id: uuid.UUID | None = None


class AgentHeartbeat(AgentEvent):
    """Every few seconds. ``sequence`` (as in state reports) tells a beat sent before a completion from one after."""

    TYPE: ClassVar[str] = "cenv.Heartbeat"
    boot_id: uuid.UUID
    media_state: MediaState
    load: Load
    sequence: int = Field(0, ge=0)


class InputConfigured(AgentEvent):
    """The agent holds the input's configuration at ``version`` (also the answer to an older or repeated one)."""

    TYPE: ClassVar[str] = "cenv.InputConfigured"
    input_id: str
    version: int = Field(ge=1)
    running: bool | None = Field(None, description=RAN_HELP)


class InputRemoved(AgentEvent):
    """The agent holds no configuration of the input: removed at ``version``."""

    TYPE: ClassVar[str] = "cenv.InputRemoved"
    input_id: str
    version: int = Field(ge=1)


class OutputConfigured(AgentEvent):
    """The agent holds the output's configuration at ``version`` (also the answer to an older or repeated one)."""

    TYPE: ClassVar[str] = "cenv.OutputConfigured"
    output_id: str
    version: int = Field(ge=1)
    running: bool | None = Field(None, description=RAN_HELP)


class OutputRemoved(AgentEvent):
    """The agent holds no configuration of the output: removed at ``version``."""

    TYPE: ClassVar[str] = "cenv.OutputRemoved"
    output_id: str
    version: int = Field(ge=1)


class InputsReported(AgentEvent):
    """Sent on every (re)connect: the version of each input and output configuration the agent holds (removed ones
    left out). ``outputs`` is absent from agents older than outputs: they hold none."""

    TYPE: ClassVar[str] = "cenv.InputsReported"
    boot_id: uuid.UUID
    inputs: dict[str, int]
    outputs: dict[str, int] = Field(default_factory=dict)


class EndpointStatistics(Message):
    """One input's or output's media statistics at one moment; counters since the last reset."""

    bitrate_kbps: int = Field(ge=0)
    jitter_ms: float = Field(ge=0)
    loss_millipercent: int = Field(ge=0, le=100_000)
    rtt_ms: float = Field(ge=0)
    dropped: int = Field(ge=0)
    packets: int = Field(ge=0)
    uptime_seconds: int = Field(ge=0)
    connected: bool


MAX_ENDPOINTS_PER_REPORT = 150
"""A statistics report carries at most this many inputs and outputs together (about 200 bytes each, far below the
64 KiB a report may take); an environment holding more sends several reports per interval."""


class StatisticsReported(AgentEvent):
    """Every few seconds: the statistics of the inputs and outputs the agent holds (all of them, or one share of
    ``parts`` when they do not fit one report). ``request_id``: the ``QueryStatistics`` this answers."""

    TYPE: ClassVar[str] = "cenv.StatisticsReported"
    sampled_at: datetime
    inputs: dict[str, EndpointStatistics] = Field(default_factory=dict, max_length=MAX_ENDPOINTS_PER_REPORT)
    outputs: dict[str, EndpointStatistics] = Field(default_factory=dict, max_length=MAX_ENDPOINTS_PER_REPORT)
    part: int = Field(1, ge=1)
    parts: int = Field(1, ge=1)
    request_id: uuid.UUID | None = None


class InputStoppedOverBitrate(AgentEvent):
    """The agent stopped the input: its bitrate exceeded ``max_allowed_bitrate_kbps`` (A084's path)."""

    TYPE: ClassVar[str] = "cenv.InputStoppedOverBitrate"
    input_id: str
    bitrate_kbps: int = Field(ge=0)
    max_allowed_bitrate_kbps: int = Field(ge=1)


class InputRunningHot(AgentEvent):
    """The input's bitrate came near its ``max_allowed_bitrate_kbps`` (A085's path); said once per episode."""

    TYPE: ClassVar[str] = "cenv.InputRunningHot"
    input_id: str
    bitrate_kbps: int = Field(ge=0)
    max_allowed_bitrate_kbps: int = Field(ge=1)


class CommandAcknowledged(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandAcknowledged"
    command_id: uuid.UUID
    command_type: str


class CommandCompleted(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandCompleted"
    command_id: uuid.UUID
    command_type: str
    boot_id: uuid.UUID | None = None
    sequence: int = Field(0, ge=0)
    media_state: MediaState
    version: str


class CommandFailed(AgentEvent):
    TYPE: ClassVar[str] = "cenv.CommandFailed"
    command_id: uuid.UUID
    command_type: str
    reason: str


AGENT_COMMANDS: dict[str, type[AgentCommand]] = {
    "start": StartEnvironment,
    "stop": StopEnvironment,
    "restart": RestartEnvironment,
    "update": UpdateEnvironment,
    "upgrade": UpgradeEnvironment,
    "shutdown": ShutdownAgent,
}
"""Each lifecycle command kind the environments service issues, and the message that carries it."""

Configure = ConfigureInput | ConfigureOutput
Remove = RemoveInput | RemoveOutput
EndpointCommand = Configure | Remove
EndpointAnswer = InputConfigured | InputRemoved | OutputConfigured | OutputRemoved
Side = Literal["input", "output"]

ENDPOINT_COMMANDS = (ConfigureInput, RemoveInput, ConfigureOutput, RemoveOutput)
STATISTICS_COMMANDS = (QueryStatistics, ResetStatistics)
"""Commands about an endpoint's statistics, which the streams service issues; neither is remembered on disk."""
"""The commands carrying input and output configurations, which the streams service issues; applied by version,
not by id."""
ANSWERS: dict[tuple[Side, bool], type[EndpointAnswer]] = {
    ("input", False): InputConfigured,
    ("input", True): InputRemoved,
    ("output", False): OutputConfigured,
    ("output", True): OutputRemoved,
}
"""The answer of each side of an endpoint command: (side, removed)."""


def side_of(message: EndpointCommand | EndpointAnswer) -> tuple[Side, str]:
    """Which kind of stream endpoint a command or answer is about, and its id."""
    if isinstance(message, ConfigureOutput | RemoveOutput | OutputConfigured | OutputRemoved):
        return "output", message.output_id
    return "input", message.input_id
