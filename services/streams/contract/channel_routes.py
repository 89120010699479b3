"""Routes of the Icareus channels façade (I02–I08, seed 001): one path, whose ``action`` query parameter names the
operation; a route per method, each dispatching on it (docs/decisions/0059), and the route serving channel icons."""

from __future__ import annotations

from common.access.builder import RouteBuilder
from common.access.parameters import QueryParameter
from common.access.rules import Route
from common.access.shorthand import ANYONE, SUPERUSER, managing
from streams.contract.channels import (
    ChannelAttributes,
    ChannelError,
    ReadAnswer,
    WriteAnswer,
)

ADMIN = "/api/channels/admin"
ICON = "/api/channel_icons/{icon_id}"
QUERY = (
    QueryParameter("organizationId", "organisation_id", "The organisation whose channels these are (every action)"),
    QueryParameter("channelId", "positive_integer", "The channel's serviceId (every action on one channel)"),
)
READS = (("getChannel", "I05"), ("getChannels", "I06"))
WRITES = (("addChannel", "I02"), ("updateChannel", "I03"), ("deleteChannel", "I04"), ("addChannelIcon", "I07"))
WHOSE = (
    "organizationId is your managing organisation (a superuser: any organisation streams knows), else "
    "invalid-organization-id; channelId is one of its channels, else invalid-channel-id (another tenant's too)."
)
DIALECT = "Errors answer in the Icareus dialect (I08): a non-200 status with status: error."

_r = RouteBuilder("streams", {"icon_id": "text"})

CHANNEL_ROUTES: tuple[Route, ...] = (
    _r("channels.admin_read", "I05", "GET", ADMIN, "Icareus channels: getChannel (I05) or getChannels (I06)",
       SUPERUSER, managing(), response=ReadAnswer, query=QUERY, actions=READS, dialect_error=ChannelError,
       object_rule=WHOSE, note=DIALECT, errors=(400, 404)),
    _r("channels.admin_write", "I02", "POST", ADMIN,
       "Icareus channels: addChannel (I02), updateChannel (I03), deleteChannel (I04) or addChannelIcon (I07)",
       SUPERUSER, managing("admin", "operator"), request=ChannelAttributes, response=WriteAnswer, query=QUERY,
       actions=WRITES, form_files=("channelIcon",), dialect_error=ChannelError, object_rule=WHOSE,
       note=("The body is JSON (addChannel: every field, "
             "updateChannel: those that change), multipart/form-data with the image in channelIcon for "
             f"addChannelIcon (PNG, JPEG or GIF), none for deleteChannel. A channel is an SRT listener input on the "
             f"organisation's oldest running environment; deleting either deletes both. {DIALECT}"),
       errors=(404,)),
    _r("channels.icon", "I07", "GET", ICON, "A channel's icon, as addChannelIcon stored it", ANYONE,
       response_media_type="image/png", errors=(404,),
       note="The addresses are the channel's smallIcon, mediumIcon and largeIcon: unguessable, and open to "
            "anyone, as a channel's icon is shown to its viewers."),
)  # fmt: skip
