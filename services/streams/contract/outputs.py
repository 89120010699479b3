"""Request and response models of outputs (A087–A103), with the seed's limits and defaults.

Each kind has one model of its configuration; its creation adds the ``id``, its update makes every field
optional (only what is sent changes). An SRT ``password`` is a credential: it is never part of the
configuration that is stored, answered or sent, only ``password_set`` says whether one is kept.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, StringConstraints, create_model, field_validator, model_validator

from streams.contract.inputs import (
    NOT_BY_FFMPEG,
    STATE_HELP,
    ChangesSomething,
    Description,
    Host,
    InputId,
    MediaState,
    StreamName,
    optional,
)
from streams.contract.schemas import Strict

OutputKind = Literal["zixi_pull", "zixi_push", "rtmp", "srt_listener", "srt_caller", "rist"]
RemoteLatency = Annotated[int | None, Field(le=600_000)]
SrtLatency = Annotated[int, Field(ge=1, le=599_999)]
SrtPort = Annotated[int, Field(ge=1025, le=65_535)]
RistPort = Annotated[int, Field(ge=1025, le=65_534)]
EncryptionType = Literal[0, 1, 2, 3]
Password = Annotated[SecretStr, Field(min_length=10, max_length=80)]
RtmpUrl = Annotated[str, StringConstraints(max_length=2048, pattern=r"^rtmps?://[^\s]+$")]
ZIXI_RESERVED_PORTS = frozenset({2077, 2088, 4444})  # the Zixi broadcaster's own: pull, push input, web UI
FEC_DEFAULT_MATRIX = 10

ID_HELP = "1–128 letters, digits, '_', '.', ':' or '-'; unique among the taker organisation's outputs"
REMOTE_LATENCY_HELP = "milliseconds of maximum latency, up to 600000; null or negative: the remote configuration's"
LISTEN_HELP = (
    "the port the c_env listens on: inside the environment's output port range and not used by another live "
    "output of the environment; left out, the lowest free one"
)
SRT_LATENCY_HELP = "milliseconds, 1 to 599999; default 6000"
PASSWORD_HELP = "10–80 characters; needed when encryption_type is 1–3; never shown back"
ENCRYPTION_HELP = "0: none, 1: AES-128, 2: AES-192, 3: AES-256"


class OutputCommon(Strict):
    user_description: Description | None = Field(None, description="up to 255 characters")


class ZixiRemoteLatency(OutputCommon):
    latency: RemoteLatency = Field(None, description=REMOTE_LATENCY_HELP)

    @field_validator("latency")
    @classmethod
    def _negative_is_remote(cls, latency: int | None) -> int | None:
        return None if latency is None or latency < 0 else latency


class ZixiPullSettings(ZixiRemoteLatency):
    port: Annotated[int, Field(ge=1, le=65_535)] | None = Field(None, description=LISTEN_HELP)
    stream_id: StreamName = Field(description="the stream's id, up to 100 characters")
    remote_id: StreamName | None = Field(None, description="the id of the Zixi that pulls, up to 100 characters")


class ZixiPushSettings(ZixiRemoteLatency):
    host: Host = Field(description="the Zixi broadcaster the c_env pushes to")
    port: Annotated[int, Field(ge=0, le=65_535)] = Field(description="the broadcaster's port, 0 to 65535")
    stream_id: StreamName = Field(description="the stream's id on the broadcaster, up to 100 characters")


class RtmpSettings(OutputCommon):
    url: RtmpUrl = Field(description="rtmp:// or rtmps:// address")
    backup_url: RtmpUrl | None = Field(None, description="rtmp:// or rtmps:// address used when url fails")
    bitrate: Annotated[int, Field(ge=0, le=1_000_000)] = Field(0, description="kbps; default 0 (the source's)")
    reconnect: Annotated[int, Field(ge=0, le=3600)] = Field(5, description="seconds before reconnecting; default 5")


class SrtCommon(OutputCommon):
    latency: SrtLatency = Field(6000, description=SRT_LATENCY_HELP)
    encryption_type: EncryptionType = Field(0, description=ENCRYPTION_HELP)
    password: Password | None = Field(None, description=PASSWORD_HELP)


class SrtListenerSettings(SrtCommon):
    port: SrtPort | None = Field(None, description=f"1025–65535 and {LISTEN_HELP}")


class SrtCallerSettings(SrtCommon):
    host: Host = Field(description="the broadcaster's host name or IP the c_env calls")
    port: SrtPort = Field(description="the remote listener's port, 1025–65535")
    stream_id: StreamName | None = Field(None, description="SRT stream id, up to 100 characters")


class RistSettings(OutputCommon):
    host: Host = Field(description="the RIST receiver")
    port: RistPort = Field(description="the receiver's port, 1025–65534")
    local_port: int = Field(
        0, description=f"0: none; else 1025–65534, not a Zixi reserved port, and {LISTEN_HELP}; {NOT_BY_FFMPEG}"
    )
    fec: Literal[0, 1, 2] = Field(0, description=f"forward error correction: 0 disabled, 1 1D, 2 2D; {NOT_BY_FFMPEG}")
    rows_d: Annotated[int, Field(ge=4, le=20)] | None = Field(
        None, description=f"4–20 when fec is on; default 10; {NOT_BY_FFMPEG}"
    )
    columns_l: Annotated[int, Field(ge=1, le=20)] | None = Field(
        None, description=f"1–20 when fec is on; default 10; {NOT_BY_FFMPEG}"
    )
    ttl: Annotated[int, Field(ge=0, le=225)] | None = Field(
        None, description=f"0–225; null: the c_env's; {NOT_BY_FFMPEG}"
    )

    @field_validator("local_port")
    @classmethod
    def _local_port(cls, port: int) -> int:
        if port != 0 and not (1025 <= port <= 65_534 and port not in ZIXI_RESERVED_PORTS):
            raise ValueError(f"must be 0, or 1025–65534 except the Zixi reserved ports {sorted(ZIXI_RESERVED_PORTS)}")
        return port

    @model_validator(mode="after")
    def _fec_matrix(self) -> RistSettings:
        if self.fec == 0:
            self.rows_d = self.columns_l = None
        else:
            self.rows_d = self.rows_d or FEC_DEFAULT_MATRIX
            self.columns_l = self.columns_l or FEC_DEFAULT_MATRIX
        return self


SETTINGS: dict[OutputKind, type[OutputCommon]] = {
    "zixi_pull": ZixiPullSettings,
    "zixi_push": ZixiPushSettings,
    "rtmp": RtmpSettings,
    "srt_listener": SrtListenerSettings,
    "srt_caller": SrtCallerSettings,
    "rist": RistSettings,
}
# the field holding the local port a listener output takes from the environment's output port range
LISTEN_PORT: dict[OutputKind, str] = {"zixi_pull": "port", "srt_listener": "port", "rist": "local_port"}
WITH_PASSWORD: frozenset[OutputKind] = frozenset({"srt_listener", "srt_caller"})


AGREEMENT_HELP = (
    "a permanent-schedule agreement of the taker (billing, A008) the output is bound to: billing assigns it when it "
    "is unassigned and unfinished, and the scheduler then lets an input be scheduled to the output permanently "
    "(A106); it cannot change afterwards"
)


def _creation(kind: OutputKind) -> type[OutputCommon]:
    settings = SETTINGS[kind]
    name = f"Create{settings.__name__.removesuffix('Settings')}Output"
    return create_model(
        name,
        __base__=settings,
        id=(InputId, Field(description=ID_HELP)),
        agreement_id=(uuid.UUID | None, Field(None, description=AGREEMENT_HELP)),
    )


def _update(kind: OutputKind) -> type[ChangesSomething]:
    settings = SETTINGS[kind]
    fields: dict[str, Any] = {
        name: (optional(info), Field(None, description=info.description))
        for name, info in settings.model_fields.items()
    }
    name = f"Update{settings.__name__.removesuffix('Settings')}Output"
    return create_model(name, __base__=ChangesSomething, **fields)


CREATE: dict[OutputKind, type[OutputCommon]] = {kind: _creation(kind) for kind in SETTINGS}
UPDATE: dict[OutputKind, type[ChangesSomething]] = {kind: _update(kind) for kind in SETTINGS}


class GuestDestinationsDeleted(BaseModel):
    deleted: list[str] = Field(description="the ids of the guest's outputs deleted on the environment")


class OutputCredentials(BaseModel):
    output_id: str
    config_version: int = Field(description="the configuration version these credentials belong to")
    credentials: dict[str, str] = Field(
        description="each kept credential by the name of its configuration field: password, url, backup_url"
    )


class OutputView(BaseModel):
    id: str
    output_type: OutputKind
    environment_id: uuid.UUID
    taker_organisation_id: int = Field(description="the organisation the output belongs to")
    user_description: str | None
    port: int | None = Field(description="the local port the c_env listens on (listener outputs only)")
    output_settings: dict[str, Any] = Field(
        description="the whole configuration of the output's kind; an SRT password only as password_set"
    )
    config_version: int = Field(description="grows with each change of the output's configuration")
    agent_version: int = Field(description="the version the environment's agent said it holds (0: none yet)")
    configured: bool = Field(description="the environment's agent holds the current configuration")
    enabled: bool = Field(description="started (A109) rather than stopped (A110)")
    state: MediaState = Field(description=STATE_HELP)
    created_at: datetime
    updated_at: datetime
    resource_uri: str


class OutputState(BaseModel):
    """What one output's media does on its environment (A088)."""

    id: str
    output_type: OutputKind
    enabled: bool = Field(description="started (A109) rather than stopped (A110)")
    configured: bool = Field(description="the environment's agent holds the current configuration")
    state: MediaState = Field(description=STATE_HELP)
    resource_uri: str


class OutputInEnvironment(OutputView):
    """An output of any life on an environment of any state (A113): for billing breakdowns."""

    deleted: bool
    environment_state: str = Field(description="the environment's lifecycle state, deleted included")
