"""Bodies and answers of the Event Center façade (K01–K08, seed 003), in its names and limits. That the audience
locations are real ISO 3166 countries is the domain's check (``scheduler.domain.event_center``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, RootModel, StringConstraints, field_validator

from scheduler.contract.event_schemas import When
from scheduler.contract.schemas import Strict
from scheduler.contract.times import FORMAT_HELP

ERROR_TYPES = "/event-center/error-types"
CONSTRAINT_VIOLATION = f"{ERROR_TYPES}/constraint-violation"
CONCURRENT_MODIFICATION = f"{ERROR_TYPES}/concurrent-modification"
DUPLICATE = f"{ERROR_TYPES}/duplicate"
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 25, 1000

Text100 = Annotated[str, StringConstraints(min_length=1, max_length=100)]
ObjectType = Literal["QOS_REPORT_PACK", "SM_REPORT_PACK", "SRIP_SLOT", "CP_CODE", "FLASH_LIVE_STREAM",
                     "UNIVERSAL_LIVE_STREAM", "MSL4_STREAM"]  # fmt: skip
Frequency = Literal["HOURLY", "DAILY", "WEEKLY", "MONTHLY"]


def _unique(values: list[Any] | None) -> list[Any] | None:
    if values is not None and len({repr(v) for v in values}) != len(values):
        raise ValueError("the items must be unique")
    return values


class EventObject(Strict):
    id: int = Field(ge=0, le=2**63 - 1)
    type: ObjectType
    bitrates: Annotated[list[Annotated[int, Field(ge=1, le=2**31 - 1)]], Field(max_length=20)] | None = Field(
        None, description="expected bit rates in kbit/s: up to 20 unique"
    )

    _bitrates = field_validator("bitrates")(_unique)


class Recurrence(Strict):
    frequency: Frequency
    count: int = Field(ge=1, le=366, description="how many events (the first included)")


class EventFields(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=750)]
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    customerEventId: Annotated[str, StringConstraints(max_length=100)] | None = None
    start: When = Field(description=FORMAT_HELP)
    end: When = Field(description=f"{FORMAT_HELP}; after the start")
    audienceSize: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None
    audienceLocations: Annotated[list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]],
                                 Field(max_length=20)] | None = Field(
        None, description="up to 20 unique two-letter ISO 3166 country codes")  # fmt: skip
    coordinators: Annotated[list[Text100], Field(max_length=20)] | None = Field(None, description="up to 20 user names")
    tags: Annotated[list[Text100], Field(max_length=20)] | None = Field(
        None, description="up to 20 unique tags, each up to 100 characters"
    )
    objects: list[EventObject] | None = Field(None, description="unique objects associated with the event")

    _unique_lists = field_validator("audienceLocations", "coordinators", "tags", "objects")(_unique)


class EventCreate(EventFields):
    recurrence: Recurrence | None = Field(None, description="repeat the event: count events in all")


class EventUpdate(EventFields):
    version: int = Field(ge=0, description="the version the server sent (optimistic locking)")


class Location(BaseModel):
    code: str
    name: str


class Coordinator(BaseModel):
    userName: str
    firstName: str | None = None
    lastName: str | None = None


class Tag(BaseModel):
    id: int
    name: str


class CenterEvent(BaseModel):
    id: int
    version: int
    name: str
    description: str | None
    customerEventId: str | None
    start: str
    end: str
    audienceSize: int | None
    audienceLocations: list[Location]
    coordinators: list[Coordinator]
    tags: list[Tag]
    createdDate: str
    createdBy: str
    modifiedDate: str
    modifiedBy: str
    objects: list[dict[str, Any]] | None = Field(None, description="only when one event is read (K03) or written")


class Order(BaseModel):
    property: str
    direction: Literal["asc", "desc"]


class PageMetadata(BaseModel):
    page: int
    pageSize: int
    sort: list[Order]
    totalResultsCount: int
    totalPageCount: int


class EventPage(BaseModel):
    metadata: PageMetadata
    data: list[CenterEvent]


class TagPage(BaseModel):
    metadata: PageMetadata
    data: list[Tag]


class CreatedEvents(RootModel[list[CenterEvent]]):
    """K02 answers the array of the events made (one per recurrence)."""
