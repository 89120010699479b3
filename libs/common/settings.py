"""Settings every service reads from its environment."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.bus.admission import Admit, TokenBuckets, environment_of_routing_key, per_sender


class ServiceSettings(BaseSettings):
    """Settings shared by all services; each service adds its own port and peers."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    database_url: str = Field("postgresql://postgres@127.0.0.1:5432/switchyard", validation_alias="DATABASE_URL")
    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", validation_alias="AMQP_URL")
    internal_key: SecretStr = Field(validation_alias="SWITCHYARD_INTERNAL_KEY")
    host: str = Field("127.0.0.1", validation_alias="SWITCHYARD_HOST")
    log_level: str = Field("INFO", validation_alias="SWITCHYARD_LOG_LEVEL")
    migrate_on_start: bool = Field(True, validation_alias="SWITCHYARD_MIGRATE_ON_START")
    max_body_bytes: int = Field(1_048_576, validation_alias="SWITCHYARD_MAX_BODY_BYTES")
    consumer_prefetch: int = Field(16, validation_alias="SWITCHYARD_CONSUMER_PREFETCH")
    consumer_max_deliveries: int = Field(5, validation_alias="SWITCHYARD_CONSUMER_MAX_DELIVERIES")
    relay_poll_seconds: float = Field(1.0, validation_alias="SWITCHYARD_RELAY_POLL_SECONDS")
    db_pool_max: int = Field(10, validation_alias="SWITCHYARD_DB_POOL_MAX")
    port: int = 0  # each service redeclares this with its own SWITCHYARD_<SERVICE>_PORT alias


class AgentStatisticsLimits(BaseSettings):
    """How much of one agent's statistics reports a consuming service admits (decision 51), for every service that
    consumes ``cenv.StatisticsReported`` (the same settings for all)."""

    agent_statistics_max_bytes: int = Field(64 * 1024, ge=1024, validation_alias="SWITCHYARD_AGENT_MESSAGE_MAX_BYTES")
    agent_statistics_per_second: float = Field(
        5.0, gt=0, validation_alias="SWITCHYARD_AGENT_MESSAGES_PER_SECOND",
        description="statistics reports admitted per environment and second (bursts: SWITCHYARD_AGENT_MESSAGE_BURST)",
    )  # fmt: skip
    agent_statistics_burst: float = Field(30.0, ge=1, validation_alias="SWITCHYARD_AGENT_MESSAGE_BURST")

    def statistics_admission(self) -> Admit:
        """One agent's flood of samples is dropped before it costs a parse or a transaction (decision 51)."""
        buckets = TokenBuckets(self.agent_statistics_per_second, self.agent_statistics_burst)
        return per_sender(self.agent_statistics_max_bytes, buckets, environment_of_routing_key)
