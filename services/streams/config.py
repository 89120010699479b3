"""Streams settings, read from the environment."""

from __future__ import annotations

from pydantic import Field

from common.settings import ServiceSettings

SCHEMA = "streams"


class StreamsSettings(ServiceSettings):
    port: int = Field(8082, validation_alias="SWITCHYARD_STREAMS_PORT")
