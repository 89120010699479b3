"""P08 status of inputs and outputs: what each live endpoint does now, with the newest media statistics its agent
sent (the Pexip status API's participants, beside environments' own status collection)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import NEEDS_ACTIVE, SUPERUSER, active

SAMPLE_HELP = "from the newest sample the agent sent (null: none yet, or none in the kept day)"


class EndpointStatus(BaseModel):
    id: str
    environment_id: uuid.UUID
    organisation_id: int = Field(description="the input's organisation, or the output's taker")
    kind: str = Field(description="the input's or output's type")
    enabled: bool = Field(description="started rather than stopped")
    connected: bool | None = Field(description=f"media flows: {SAMPLE_HELP}")
    bitrate_kbps: int | None = Field(description=f"net_recv.bitrate, {SAMPLE_HELP}")
    jitter_ms: float | None
    loss_millipercent: int | None = Field(description="1000 = 1 %")
    rtt_ms: float | None
    dropped: int | None = Field(description="packets not recovered since the last reset")
    packets: int | None
    uptime_seconds: int | None
    sampled_at: datetime | None


_r = RouteBuilder("streams", {})
OWN = "Inputs of your active organisation, or outputs it takes (a superuser: all); live ones only."


def _collection(side: str) -> tuple[Route, ...]:
    return with_schema(
        _r(f"status.{side}s", "P08", "GET", f"/api/status/{side}/", f"Live status of the {side}s with their media",
           SUPERUSER, active(), list_of=EndpointStatus, object_rule=f"{OWN} {NEEDS_ACTIVE}",
           note="Filter `connected=true` for what the seed calls connected ones.", errors=(404,)),
        f"status.{side}s_schema", f"Schema of the {side} status collection",
    )  # fmt: skip


STATUS_ROUTES: tuple[Route, ...] = (*_collection("input"), *_collection("output"))
