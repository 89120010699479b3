"""Request and response models of the environments service's routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

State = Literal[
    "requested", "provisioning", "running", "stopping", "stopped", "starting", "restarting",
    "updating", "upgrading", "deleting", "deleted", "failed",
]  # fmt: skip
Health = Literal["ok", "unreachable", "degraded"]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class CreateEnvironment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    cloud_provider: Slug = "local"
    region: Slug = "local-1"
    instance_type: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9.-]*$")] = (
        "standard"
    )


class UpgradeEnvironment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_version: Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z.+-]+$")]


class Load(BaseModel):
    cpu_percent: float
    memory_rss_bytes: int
    inputs: int
    outputs: int
    bandwidth_kbps: int


class EnvironmentView(BaseModel):
    id: uuid.UUID
    name: str
    organisation_id: int
    cloud_provider: str
    region: str
    instance_type: str = Field(
        description="the type it runs on: the one it was created with, or the one its agent last said it was "
        "resized to (A200)"
    )
    state: State
    health: Health
    state_reason: str | None = None
    agent_version: str | None = None
    provisioning_attempts: int
    created_at: datetime
    updated_at: datetime
    resource_uri: str


class EnvironmentDetails(EnvironmentView):
    jwt_token: str | None = Field(None, description="Set once: on the first read after creation finished")


class GuestEnvironmentView(BaseModel):
    """What a guest of the environment's organisation may see."""

    id: uuid.UUID
    name: str
    organisation_id: int
    region: str
    state: State
    resource_uri: str


class VisibleEnvironment(RootModel[EnvironmentView | GuestEnvironmentView]):
    """Members of the environment's organisation see every detail, its guests the reduced view."""


class VisibleEnvironmentDetails(RootModel[EnvironmentDetails | GuestEnvironmentView]):
    """Members of the environment's organisation see every detail, its guests the reduced view."""


class EnvironmentStatus(BaseModel):
    id: uuid.UUID
    name: str
    cloud_provider: str
    region: str
    state: State
    health: Health
    created_at: datetime
    media_state: Literal["running", "stopped"] | None
    last_heartbeat_at: datetime | None
    load: Load | None
    resource_uri: str


class HistoryEntry(BaseModel):
    version: int
    event: str
    previous_state: State | None
    state: State | None
    reason: str | None
    at: datetime


class CloudProvider(BaseModel):
    id: str
    name: str
    resource_uri: str


class Region(BaseModel):
    id: str
    cloud_provider: str
    name: str
    latitude: float
    longitude: float
    resource_uri: str


class InstanceType(BaseModel):
    id: str
    cloud_provider: str
    region: str
    name: str
    vcpus: int
    memory_gb: float
    max_outputs: int
    bandwidth_mbps: int
    resource_uri: str
