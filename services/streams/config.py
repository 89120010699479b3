"""Streams settings, read from the environment."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from common.settings import AgentStatisticsLimits, ServiceSettings
from streams.domain.addresses import check_template
from streams.domain.ports import PortRange
from switchyard.services import port_setting

SCHEMA = "streams"


class StreamsSettings(AgentStatisticsLimits, ServiceSettings):
    port: int = port_setting("streams")
    input_ports: str = Field("20000-20999", pattern=r"^\d{1,5}-\d{1,5}$", validation_alias="SWITCHYARD_INPUT_PORTS")
    output_ports: str = Field("21000-21999", pattern=r"^\d{1,5}-\d{1,5}$", validation_alias="SWITCHYARD_OUTPUT_PORTS")
    input_command_timeout_seconds: float = Field(
        15.0, gt=0, validation_alias="SWITCHYARD_INPUT_COMMAND_TIMEOUT_SECONDS",
        description="an input configuration the agent has not answered within this is sent again",
    )  # fmt: skip
    input_command_max_attempts: int = Field(3, ge=1, validation_alias="SWITCHYARD_INPUT_COMMAND_MAX_ATTEMPTS")
    sweep_seconds: float = Field(2.0, gt=0, validation_alias="SWITCHYARD_SWEEP_SECONDS")
    statistics_query_seconds: float = Field(
        2.0, gt=0, le=30, validation_alias="SWITCHYARD_STATISTICS_QUERY_SECONDS",
        description="how long A073/A105 wait for the agent's live answer before the last sample (stale)",
    )  # fmt: skip
    statistics_retention_hours: float = Field(24.0, gt=0, validation_alias="SWITCHYARD_STATISTICS_RETENTION_HOURS")
    statistics_prune_seconds: float = Field(60.0, gt=0, validation_alias="SWITCHYARD_STATISTICS_PRUNE_SECONDS")
    statistics_max_series: int = Field(
        2000, ge=1, validation_alias="SWITCHYARD_STATISTICS_MAX_SERIES",
        description="inputs and outputs one process exports gauges for at a time",
    )  # fmt: skip
    statistics_idle_seconds: float = Field(120.0, gt=0, validation_alias="SWITCHYARD_STATISTICS_IDLE_SECONDS")
    cenv_public_host: str = Field(
        "{environment_id}.{region}.cenv.switchyard.local", validation_alias="SWITCHYARD_CENV_PUBLIC_HOST",
        description="the host name a c_env's listener inputs are reached at (decision 70): a template naming "
        "{environment_id}, and maybe {region} and {cloud_provider} as the environments service announced them",
    )  # fmt: skip

    @field_validator("cenv_public_host")
    @classmethod
    def _host_template(cls, template: str) -> str:
        return check_template(template)

    @model_validator(mode="after")
    def _ranges_apart(self) -> StreamsSettings:
        """Inputs and outputs of one c_env take ports apart, so their two ranges may share none."""
        inputs, outputs = self.input_port_range, self.output_port_range
        if inputs.first <= outputs.last and outputs.first <= inputs.last:
            both = f"SWITCHYARD_INPUT_PORTS {self.input_ports} and SWITCHYARD_OUTPUT_PORTS {self.output_ports}"
            raise ValueError(f"{both} overlap: a port could get an input and an output listener")
        return self

    @property
    def input_port_range(self) -> PortRange:
        """The ports every c_env's listener inputs may use (the c_env opens these)."""
        return PortRange.parse(self.input_ports)

    @property
    def output_port_range(self) -> PortRange:
        """The ports every c_env's listener outputs may use."""
        return PortRange.parse(self.output_ports)
