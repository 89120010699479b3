"""The channels projection: the façade's attributes of each channel (whether its input lives is the inputs')."""

from __future__ import annotations

from typing import Any

from common.eventstore import RecordedEvent
from common.projections import Projection
from streams.adapters import event_codec
from streams.domain import channel_events as c


async def _channel(conn: Any, s: str, r: RecordedEvent) -> None:
    match event_codec.decode(r):
        case c.ChannelCreated() as created:
            await conn.execute(
                f"""INSERT INTO {s}.channels (organisation_id, service_id, environment_id, attributes, created_at,
                        updated_at)
                    VALUES ($1, $2, $3, $4::jsonb, $5, $5)""",
                created.organisation_id, created.service_id, created.environment_id,
                created.attributes, r.recorded_at,
            )  # fmt: skip
        case c.ChannelChanged() as changed:
            await conn.execute(
                f"""UPDATE {s}.channels SET attributes = $3::jsonb, updated_at = $4
                    WHERE organisation_id = $1 AND service_id = $2""",
                changed.organisation_id, changed.service_id, changed.attributes, r.recorded_at,
            )  # fmt: skip
        case c.ChannelIconChanged() as icon:
            await conn.execute(
                f"""UPDATE {s}.channels SET icons = $3::jsonb, updated_at = $4
                    WHERE organisation_id = $1 AND service_id = $2""",
                icon.organisation_id, icon.service_id, icon.icons, r.recorded_at,
            )  # fmt: skip
        case c.ChannelDeleted() as deleted:
            await conn.execute(
                f"""UPDATE {s}.channels SET deleted = true, updated_at = $3
                    WHERE organisation_id = $1 AND service_id = $2""",
                deleted.organisation_id, deleted.service_id, r.recorded_at,
            )  # fmt: skip


CHANNELS = Projection("channels", ["channels"], dict.fromkeys(map(event_codec.name_of, c.CHANNEL_EVENTS), _channel))
