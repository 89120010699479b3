"""Request and response models of inputs (A056, A059–A070), with the seed's limits and defaults.

Each kind has one model of its configuration; its creation adds the ``id``, its update makes every
field optional (only what is sent changes).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, create_model, model_validator
from pydantic.fields import FieldInfo

from streams.contract.schemas import Strict

InputKind = Literal["zixi_pull", "zixi_push", "srt_caller", "srt_listener", "rist"]
InputId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]
Description = Annotated[str, StringConstraints(max_length=255)]
Host = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=253,
                                        pattern=r"^[A-Za-z0-9.:_\[\]-]+$")]  # fmt: skip
StreamName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Latency = Annotated[int, Field(ge=-1, le=600_000)]
RemotePort = Annotated[int, Field(ge=1, le=65_535)]
LocalPort = Annotated[int, Field(ge=1, le=65_535)]
Kbps = Annotated[int, Field(ge=1, le=1_000_000)]

ID_HELP = "1–128 letters, digits, '_', '.', ':' or '-'; unique in the organisation"
LATENCY_HELP = "milliseconds, -1 to 600000 (-1: the sender's); default 6000"
PORT_HELP = (
    "the port the c_env listens on: inside the environment's input port range and not used by another live "
    "input of the environment; left out, the lowest free one"
)
BITRATE_HELP = "kbps the input should not exceed (otherwise it will be stopped); null: no limit"
NOT_BY_FFMPEG = "held, not realised by the reference agent's ffmpeg driver (decision 85)"
MediaState = Literal["configuring", "running", "stopped"]
STATE_HELP = (
    "configuring: the environment's agent does not hold the current configuration (a start or stop included) yet; "
    "running or stopped: what the agent said of the media"
)


class InputCommon(Strict):
    user_description: Description | None = Field(None, description="up to 255 characters")
    max_allowed_bitrate_kbps: Kbps | None = Field(None, description=BITRATE_HELP)


class ZixiPullSettings(InputCommon):
    host: Host = Field(description="the Zixi broadcaster or feeder the c_env pulls from")
    pull_port: RemotePort = Field(2077, description="the port that Zixi pulls from")
    stream_id: StreamName = Field(description="the stream's id on the remote Zixi")
    latency: Latency = Field(6000, description=LATENCY_HELP)


class ZixiPushSettings(InputCommon):
    port: LocalPort | None = Field(None, description=PORT_HELP)
    latency: Latency = Field(6000, description=LATENCY_HELP)


class SrtCallerSettings(InputCommon):
    host: Host = Field(description="the SRT listener the c_env calls")
    port: RemotePort = Field(description="the remote listener's port")
    stream_id: StreamName | None = Field(None, description="SRT stream id, up to 100 characters")
    latency: Latency = Field(6000, description=LATENCY_HELP)
    bitrate: Kbps | None = Field(None, description="expected bitrate in kb")


class SrtListenerSettings(InputCommon):
    port: LocalPort | None = Field(None, description=PORT_HELP)
    latency: Latency = Field(6000, description=LATENCY_HELP)


class RistSettings(InputCommon):
    port: LocalPort | None = Field(None, description=PORT_HELP)
    remote_port: RemotePort | None = Field(
        None, description=f"null: Zixi uses the sender's outbound port + 1; {NOT_BY_FFMPEG}"
    )
    max_latency: Annotated[int, Field(ge=0, le=600_000)] = Field(
        1000, description="milliseconds; default 1000; the reference agent's ffmpeg driver buffers at most 30000"
    )
    max_bitrate_kbps: Kbps = Field(8000, description=f"default 8000; {NOT_BY_FFMPEG}")


SETTINGS: dict[InputKind, type[InputCommon]] = {
    "zixi_pull": ZixiPullSettings,
    "zixi_push": ZixiPushSettings,
    "srt_caller": SrtCallerSettings,
    "srt_listener": SrtListenerSettings,
    "rist": RistSettings,
}
LISTENERS: frozenset[InputKind] = frozenset({"zixi_push", "srt_listener", "rist"})


class ChangesSomething(Strict):
    @model_validator(mode="after")
    def _changes_something(self) -> ChangesSomething:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self


def _creation(kind: InputKind) -> type[InputCommon]:
    settings = SETTINGS[kind]
    name = f"Create{settings.__name__.removesuffix('Settings')}Input"
    return create_model(name, __base__=settings, id=(InputId, Field(description=ID_HELP)))


def optional(info: FieldInfo) -> Any:
    constrained: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return constrained | None


def _update(kind: InputKind) -> type[ChangesSomething]:
    settings = SETTINGS[kind]
    fields: dict[str, Any] = {
        name: (optional(info), Field(None, description=info.description))
        for name, info in settings.model_fields.items()
    }
    name = f"Update{settings.__name__.removesuffix('Settings')}Input"
    return create_model(name, __base__=ChangesSomething, **fields)


CREATE: dict[InputKind, type[InputCommon]] = {kind: _creation(kind) for kind in SETTINGS}
UPDATE: dict[InputKind, type[ChangesSomething]] = {kind: _update(kind) for kind in SETTINGS}


class InputView(BaseModel):
    id: str
    input_type: InputKind
    environment_id: uuid.UUID
    organisation_id: int
    user_description: str | None
    max_allowed_bitrate_kbps: int | None
    port: int | None = Field(description="the local port the c_env listens on (listener inputs only); null for a guest")
    input_settings: dict[str, Any] | None = Field(
        description="the whole configuration of the input's kind; null for a guest (technical details, A056)"
    )
    config_version: int = Field(description="grows with each change of the input's configuration")
    agent_version: int = Field(description="the version the environment's agent said it holds (0: none yet)")
    configured: bool = Field(description="the environment's agent holds the current configuration")
    enabled: bool = Field(description="started (A078) rather than stopped (A080)")
    warning_sent: bool = Field(
        description="its users were warned it runs near its maximum bitrate (A085); a start clears it"
    )
    input_stopped: bool = Field(
        description="its c_env stopped it: over its maximum bitrate (A084); it stays stopped, through changes of its "
        "configuration, until a start (A078) clears it"
    )
    state: MediaState = Field(description=STATE_HELP)
    created_at: datetime
    updated_at: datetime
    resource_uri: str


class InputsOverview(BaseModel):
    """An environment's inputs counted by what their media does."""

    environment_id: uuid.UUID
    environment_state: str = Field(description="the environment's lifecycle state")
    total: int = Field(description="live inputs on the environment")
    running: int
    stopped: int = Field(description="stopped by a caller (A080) or by the agent for their bitrate")
    configuring: int = Field(description="the agent does not hold their current configuration yet")
    warning_sent: int = Field(description="inputs the agent warned run hot")
    input_stopped: int = Field(description="inputs the agent stopped for exceeding their bitrate")
