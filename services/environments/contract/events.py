"""The integration events the environments service publishes about c_envs' lifecycles."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from common.contracts import OrganisationEvent


class EnvironmentEvent(OrganisationEvent):
    environment_id: uuid.UUID


class EnvironmentRequested(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentRequested"
    name: str
    cloud_provider: str
    region: str
    instance_type: str


class EnvironmentStateChanged(EnvironmentEvent):
    """Every lifecycle transition; ``reason`` explains failures."""

    TYPE: ClassVar[str] = "environments.EnvironmentStateChanged"
    previous_state: str
    state: str
    reason: str | None = None


class EnvironmentBecameRunning(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentBecameRunning"


class EnvironmentDeleted(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentDeleted"


class EnvironmentBecameUnreachable(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentBecameUnreachable"
    last_heartbeat_at: datetime | None


class EnvironmentRecovered(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentRecovered"


class EnvironmentDegraded(EnvironmentEvent):
    TYPE: ClassVar[str] = "environments.EnvironmentDegraded"
    command_id: uuid.UUID
    reason: str
