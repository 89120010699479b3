"""The agent's settings: its own environment id and credentials, handed over by the provisioning driver."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class AgentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SWITCHYARD_AGENT_", extra="ignore")

    environment_id: uuid.UUID
    amqp_url: SecretStr
    command_queue: str
    api_key: SecretStr | None = None
    gateway_url: str | None = None
    instance_type: str | None = Field(
        None,
        description="the instance type this machine runs on, told to the scheduler as the agent starts (A200): "
        "after a scale up or down its capacity decides which outputs start",
    )
    heartbeat_seconds: float = Field(5.0, gt=0)
    statistics_seconds: float = Field(5.0, gt=0, description="how often the inputs' and outputs' statistics go out")
    state_dir: str = ".run/agent"
    give_up_seconds: float = Field(300.0, gt=0, description="exit after this long without a broker connection")
    log_level: str = "INFO"
    media_driver: Literal["simulated", "ffmpeg"] = Field(
        "simulated", description="simulated: statistics only (scale tests); ffmpeg: real media with ffmpeg processes"
    )
    ffmpeg: str = Field("ffmpeg", description="the ffmpeg the ffmpeg driver runs")
    srt_live_transmit: str = Field(
        "srt-live-transmit", description="what carries SRT endpoints under the ffmpeg driver; ffmpeg if not found"
    )
    srt_fanout: str = Field(
        "switchyard-srt-fanout",
        description="the native program that carries an SRT input to its SRT outputs in one process (decision 91),"
        " found on PATH or beside the Python interpreter; srt-live-transmit processes if not found",
    )
    media_bind_host: str = Field("0.0.0.0", description="where listener inputs and outputs listen")  # noqa: S104


class HostSettings(BaseSettings):
    """``python -m cenv_agent host``: a machine that runs agents for the ``remote`` provisioning driver."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    internal_key: SecretStr = Field(validation_alias="SWITCHYARD_INTERNAL_KEY")
    host: str = Field("127.0.0.1", validation_alias="SWITCHYARD_HOST")
    port: int = Field(8090, validation_alias="SWITCHYARD_AGENT_HOST_PORT")
    state_dir: str = Field(".run/agent-host", validation_alias="SWITCHYARD_AGENT_STATE_DIR")
    log_level: str = Field("INFO", validation_alias="SWITCHYARD_LOG_LEVEL")
