"""Bodies and answers of the Icareus channels façade (I02–I08), in seed 001's names, defaults and enums.

A channel's body validates here field by field; that ``primaryLanguage`` is a real locale is the domain's check.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, RootModel, StringConstraints

from streams.contract.schemas import Strict

AspectRatio = Literal["", "4:3", "16:9"]
Quality = Literal[0, 1]
ChannelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Description = Annotated[str, StringConstraints(max_length=4000)]
Locale = Annotated[str, StringConstraints(min_length=2, max_length=20, pattern=r"^[A-Za-z]{2,3}(_[A-Za-z0-9]+)*$")]
Ids = Annotated[list[Annotated[int, Field(ge=1, le=2**31 - 1)]], Field(max_length=100)]
ChannelNumber = Annotated[int, Field(ge=0, le=65_535)]


class ChannelAttributes(Strict):
    """addChannel's body: everything but ``name`` has the seed's default."""

    name: ChannelName = Field(description="Name of the channel, 1–255 characters")
    description: Description = Field("", description="Channel description")
    logicalChannelNumber: ChannelNumber = Field(0, description="Channel number, 0–65535")
    aspectRatio: AspectRatio = Field("", description='One of: "", "4:3", "16:9"')
    primaryLanguage: Locale = Field("en_US", description="A locale code such as en_US or fi_FI")
    audioOnly: bool = Field(False, description="An audio only channel")
    categories: Ids = Field(default_factory=list, description="Category ids the channel belongs to")
    autoRecord: bool = Field(False, description="Recorded automatically when it has an incoming stream")
    quality: Quality = Field(0, description="0 (HD) or 1 (SD)")
    isPublic: bool = Field(True, description="A public (true) or private channel")
    isExclusive: bool = Field(False, description="Whether the channel is exclusive")
    locationRestrictions: Ids = Field(default_factory=list, description="Location ids")


class ChannelChanges(Strict):
    """updateChannel's body: only the fields sent change."""

    name: ChannelName | None = None
    description: Description | None = None
    logicalChannelNumber: ChannelNumber | None = None
    aspectRatio: AspectRatio | None = None
    primaryLanguage: Locale | None = None
    audioOnly: bool | None = None
    categories: Ids | None = None
    autoRecord: bool | None = None
    quality: Quality | None = None
    isPublic: bool | None = None
    isExclusive: bool | None = None
    locationRestrictions: Ids | None = None


class ChannelStreams(BaseModel):
    total: int = 0
    transcoder: int = 0
    items: list[dict[str, Any]] = Field(default_factory=list)
    adaptiveItems: list[dict[str, Any]] = Field(default_factory=list)
    playlist: int = 0


class Channel(BaseModel):
    serviceId: int = Field(description="The channel's id (channelId), also the id of its input")
    name: str
    description: str
    logicalChannelNumber: int
    aspectRatio: str
    primaryLanguage: str
    audioOnly: bool
    categories: list[int]
    autoRecord: bool
    quality: int
    isPublic: bool
    isExclusive: bool
    locationRestrictions: list[int]
    smallIcon: str = Field(description="The icon's address, or empty without one")
    mediumIcon: str
    largeIcon: str
    ingestUrl: str = Field(description="Where to send the channel's SRT stream")
    streamName: int
    originAddress: str
    cdnAddress: str
    streams: ChannelStreams


class ChannelAnswer(BaseModel):
    status: Literal["ok"] = "ok"
    channel: Channel


class ChannelsAnswer(BaseModel):
    status: Literal["ok"] = "ok"
    channels: list[Channel]


class DeletedAnswer(BaseModel):
    message: str = Field(description="The deleted channel's id")
    status: Literal["ok"] = "ok"


class ReadAnswer(RootModel[ChannelAnswer | ChannelsAnswer]):
    """getChannel answers one channel, getChannels the organisation's."""


class WriteAnswer(RootModel[ChannelAnswer | DeletedAnswer]):
    """Every write answers the channel as it is after it, but deleteChannel, which names the deleted id."""


class FieldProblem(BaseModel):
    message: str
    name: Literal["invalid-value"] = "invalid-value"


class ChannelError(BaseModel):
    """I08: ``message`` (invalid-channel-id, invalid-organization-id...) or ``errors`` by field."""

    message: str | None = None
    errors: dict[str, list[FieldProblem]] | None = None
    status: Literal["error"] = "error"
