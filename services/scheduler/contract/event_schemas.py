"""Request and response models of events (A119–A123)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from scheduler.contract.schemas import EndpointId, Strict
from scheduler.contract.times import FORMAT_HELP, WHEN_PATTERN, parse_when


def _when(value: str) -> str:
    parse_when(value)
    return value


When = Annotated[str, StringConstraints(max_length=40, pattern=WHEN_PATTERN), AfterValidator(_when)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Description = Annotated[str, StringConstraints(max_length=1000)]
Labels = Annotated[list[uuid.UUID], Field(max_length=100)]
IMAGE_HELP = "PNG, JPEG or GIF, base64-encoded: at most 512 KiB and 2048 pixels a side (kept re-encoded as PNG)"


class CreateEvent(Strict):
    input_id: EndpointId = Field(description="the source: an input of your managing organisation on a running "
                                             "environment")  # fmt: skip
    name: Name
    description: Description = ""
    label_ids: Labels = Field(default_factory=list, description="labels of your managing organisation")
    start_time: When = Field(description=FORMAT_HELP)
    end_time: When = Field(description=f"{FORMAT_HELP}; after the start")
    image: str | None = Field(None, max_length=700_000, description=IMAGE_HELP)


class UpdateEvent(Strict):
    """A field left out stays, except ``label_ids``: left out, the event has no labels any more."""

    input_id: EndpointId | None = Field(None, description="another input on the event's environment only")
    name: Name | None = None
    description: Description | None = None
    label_ids: Labels = Field(default_factory=list, description="the event's labels (left out: none)")
    start_time: When | None = Field(None, description=FORMAT_HELP)
    end_time: When | None = Field(None, description=f"{FORMAT_HELP}; after the start")
    image: str | None = Field(None, max_length=700_000, description=f"a new image: {IMAGE_HELP}")
    remove_old_image: bool = Field(False, description="remove the image without sending a new one")


class EventView(BaseModel):
    id: uuid.UUID
    organisation_id: int = Field(description="the managing organisation that owns the event (and its input)")
    environment_id: uuid.UUID | None = Field(description="null for an event made through the Event Center façade")
    input_id: str = Field(description='"" for an event made through the Event Center façade (no source)')
    name: str
    description: str
    label_ids: list[uuid.UUID]
    start_time: datetime = Field(description="UTC")
    end_time: datetime = Field(description="UTC")
    has_image: bool
    image_uri: str | None = Field(description="where the image is served (A123), null without one")
    created_at: datetime
    updated_at: datetime
    resource_uri: str


class Subscribe(Strict):
    event_id: uuid.UUID = Field(description="an event your managing organisation owns or is shown through a source "
                                            "invitation (all events, or one of its labels)")  # fmt: skip
    output_id: EndpointId = Field(description="an output your managing organisation takes, on the event's "
                                              "environment")  # fmt: skip
    timed_by_event_owner: bool = Field(True, description="keep the event's times (and move with them)")
    start_time: When | None = Field(None, description=f"{FORMAT_HELP}; required unless timed by the event owner")
    end_time: When | None = Field(None, description=f"{FORMAT_HELP}; after the start and in the future; required "
                                                    "unless timed by the event owner")  # fmt: skip

    @model_validator(mode="after")
    def _times(self) -> Subscribe:
        _own_times(self.timed_by_event_owner, self.start_time, self.end_time)
        return self


class ChangeSubscription(Strict):
    """A field left out stays; ``timed_by_event_owner`` false needs ``start_time`` and ``end_time`` (both), and
    times sent alone make the subscription keep its own times."""

    output_id: EndpointId | None = Field(None, description="another output of yours on the event's environment")
    timed_by_event_owner: bool | None = None
    start_time: When | None = Field(None, description=FORMAT_HELP)
    end_time: When | None = Field(None, description=f"{FORMAT_HELP}; after the start and in the future")

    @model_validator(mode="after")
    def _times(self) -> ChangeSubscription:
        if self.timed_by_event_owner is False or self.start_time or self.end_time:
            _own_times(bool(self.timed_by_event_owner), self.start_time, self.end_time)
        return self


def _own_times(timed: bool, start: str | None, end: str | None) -> None:
    if timed and (start or end):
        raise ValueError("start_time and end_time are the event's when timed_by_event_owner is true")
    if not timed and (start is None or end is None):
        raise ValueError("start_time and end_time are required when timed_by_event_owner is false")
