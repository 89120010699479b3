"""The integration events the scheduler publishes: which live event (A120–A122) shows which input, under which
labels, so streams can let a guest take outputs on an environment through an event whose label it was granted
(the seed's rule for creating outputs). Ids and labels only, never an event's texts or image. And the instance type
a c_env's agent said it now runs on (A200, decision 82), so environments shows it (decision 88).

``version`` is the event's (or the environment's) stream version: a consumer keeps the newest it saw, so an
overtaken message changes nothing, and a withdrawal is final.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import Field

from common.contracts import OrganisationEvent


class LiveEventMessage(OrganisationEvent):
    """``organisation_id``: the event's managing organisation."""

    event_id: uuid.UUID
    version: int = Field(ge=1)


class EventShown(LiveEventMessage):
    """Created or changed: the input it shows (none yet for an event made through the Event Center) and its labels."""

    TYPE: ClassVar[str] = "scheduler.EventShown"
    environment_id: uuid.UUID | None
    input_id: str
    label_ids: list[uuid.UUID]


class EventWithdrawn(LiveEventMessage):
    TYPE: ClassVar[str] = "scheduler.EventWithdrawn"


class EnvironmentResized(OrganisationEvent):
    """The c_env's agent said (A200) its machine now runs on ``instance_type`` of the environment's cloud provider
    (``organisation_id``: the environment's owner). ``version``: the scheduler's, growing per environment."""

    TYPE: ClassVar[str] = "scheduler.EnvironmentResized"
    environment_id: uuid.UUID
    instance_type: str
    version: int = Field(ge=1)


PUBLISHED = (EventShown, EventWithdrawn, EnvironmentResized)
