"""The Icareus channels façade (I02–I08): ``/api/channels/admin?action=…`` answering in seed 001's dialect, and the
icons it stores. Every failure of an action answers ``status: error``: a ``message`` (invalid-channel-id,
invalid-organization-id...) or, for invalid fields, the I08 ``errors`` envelope."""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ValidationError

from common.errors import DomainError, Invalid, NotFound
from common.http.app import RUNTIME
from common.http.bodies import json_response, read_json
from common.http.principal import principal_of
from common.http.problems import Problem
from streams.config import SCHEMA, StreamsSettings
from streams.context import run_of
from streams.contract import channel_routes
from streams.contract.channels import (
    Channel,
    ChannelAnswer,
    ChannelAttributes,
    ChannelChanges,
    ChannelError,
    ChannelsAnswer,
    ChannelStreams,
    DeletedAnswer,
    FieldProblem,
)
from streams.domain import addresses, channel_icons
from streams.service_layer import channels

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ICONS = "/api/channel_icons/{digest}"
MAX_ID = 2**31 - 1
_SELECT = f"""SELECT c.*, i.port, l.cloud_provider, l.region FROM {SCHEMA}.channels c
              JOIN {SCHEMA}.inputs i ON i.organisation_id = c.organisation_id AND i.id = c.service_id::text
                   AND i.environment_id = c.environment_id AND NOT i.deleted
                   AND i.created_at = c.created_at  -- one transaction made both: a later input of the id is not it
              LEFT JOIN {SCHEMA}.environment_locations l ON l.environment_id = c.environment_id
              WHERE c.organisation_id = $1 AND NOT c.deleted"""
# the environment streams learnt of first: streams keeps no creation time of environments, its log orders them
_OLDEST_RUNNING = f"""SELECT ie.id FROM {SCHEMA}.input_environments ie
                      WHERE ie.organisation_id = $1 AND ie.state = 'running'
                      ORDER BY (SELECT min(e.position) FROM {SCHEMA}.events e
                                WHERE e.stream_id = 'environment-inputs-' || ie.id::text), ie.id
                      LIMIT 1"""


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _error(status: int, answer: ChannelError) -> web.Response:
    return web.json_response(answer.model_dump(mode="json", exclude_none=True), status=status)


def _fields(problems: dict[str, list[str]]) -> ChannelError:
    return ChannelError(errors={name: [FieldProblem(message=m) for m in ms] for name, ms in problems.items()})


def _invalid(exc: ValidationError) -> ChannelError:
    problems: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False):
        name = str(err["loc"][0]) if err["loc"] else "body"
        problems.setdefault(name, []).append(err["msg"])
    return _fields(problems)


def dialect(handler: Handler) -> Handler:
    """Whatever an action refuses, in the façade's words; a failure of ours stays a 500 problem."""

    async def speaking(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refused as exc:
            return _error(exc.status, ChannelError(message=exc.message))
        except ValidationError as exc:
            return _error(400, _invalid(exc))
        except Invalid as exc:
            return _error(400, _fields({exc.field or "body": [exc.detail]}))
        except DomainError as exc:
            return _error(exc.status, ChannelError(message=exc.detail))
        except Problem as exc:
            if exc.status >= 500:
                raise
            named = {e.parameter: [e.detail] for e in exc.errors}
            return _error(exc.status, _fields(named) if named else ChannelError(message=exc.detail or "error"))
        except web.HTTPRequestEntityTooLarge as exc:
            return _error(413, ChannelError(message=exc.text or "the request is too large"))

    speaking.__name__ = handler.__name__
    return speaking


def _number(request: web.Request, name: str, refusal: str) -> int:
    raw = request.query.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or not 0 < int(raw) <= MAX_ID:
        raise Refused(400, refusal)
    return int(raw)


async def _organisation(request: web.Request) -> int:
    """organizationId: the caller's managing organisation, or for a superuser any that streams knows."""
    organisation_id, principal = _number(request, "organizationId", "invalid-organization-id"), principal_of(request)
    if principal.is_superuser and organisation_id != principal.managing_organisation_id:
        known = await request.app[RUNTIME].pool.fetchval(
            f"SELECT true FROM {SCHEMA}.input_environments WHERE organisation_id = $1 LIMIT 1", organisation_id
        )
        if not known:
            raise Refused(404, "invalid-organization-id")
    elif organisation_id != principal.managing_organisation_id:
        raise Refused(404, "invalid-organization-id")
    return organisation_id


def _channel_id(request: web.Request) -> int:
    return _number(request, "channelId", channels.INVALID_CHANNEL)


def _channel(request: web.Request, row: Any) -> Channel:
    place = addresses.Location(row["environment_id"], row["cloud_provider"], row["region"])
    host = addresses.host(_settings(request).cenv_public_host, place)
    icons = {size: ICONS.format(digest=digest) for size, digest in row["icons"].items()}
    return Channel.model_validate({
        **row["attributes"], "serviceId": row["service_id"], "streamName": row["service_id"],
        "smallIcon": icons.get("small", ""), "mediumIcon": icons.get("medium", ""),
        "largeIcon": icons.get("large", ""), "ingestUrl": addresses.srt_url(host, row["port"]), "originAddress": host,
        "cdnAddress": "", "streams": ChannelStreams(),
    })  # fmt: skip


async def _fetch(request: web.Request, organisation_id: int, service_id: int) -> Channel:
    row = await request.app[RUNTIME].pool.fetchrow(f"{_SELECT} AND c.service_id = $2", organisation_id, service_id)
    if row is None:
        raise Refused(404, channels.INVALID_CHANNEL)
    return _channel(request, row)


def _ok(answer: BaseModel) -> web.Response:
    return json_response(answer)


async def get_channel(request: web.Request, organisation_id: int) -> web.Response:
    return _ok(ChannelAnswer(channel=await _fetch(request, organisation_id, _channel_id(request))))


async def get_channels(request: web.Request, organisation_id: int) -> web.Response:
    rows = await request.app[RUNTIME].pool.fetch(f"{_SELECT} ORDER BY c.service_id", organisation_id)
    return _ok(ChannelsAnswer(channels=[_channel(request, row) for row in rows]))


def _settings(request: web.Request) -> StreamsSettings:
    settings = request.app[RUNTIME].settings
    assert isinstance(settings, StreamsSettings)
    return settings


def _ports(request: web.Request) -> Any:
    return _settings(request).input_port_range


async def _json_object(request: web.Request) -> dict[str, Any]:
    data = await read_json(request)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Invalid("send a JSON object", "body")
    return data


async def add_channel(request: web.Request, organisation_id: int) -> web.Response:
    attributes = ChannelAttributes.model_validate(await _json_object(request)).model_dump(mode="json")
    channels.check(attributes)
    pool = request.app[RUNTIME].pool
    environment_id: uuid.UUID | None = await pool.fetchval(_OLDEST_RUNNING, organisation_id)
    if environment_id is None:
        raise Refused(409, "no-running-environment")
    service_id = await pool.fetchval(f"SELECT nextval('{SCHEMA}.channel_service_ids')")
    await channels.add(run_of(request), organisation_id, service_id, environment_id, attributes, _ports(request))
    return _ok(ChannelAnswer(channel=await _fetch(request, organisation_id, service_id)))


async def update_channel(request: web.Request, organisation_id: int) -> web.Response:
    service_id = _channel_id(request)
    body = ChannelChanges.model_validate(await _json_object(request))
    changes = body.model_dump(mode="json", exclude_unset=True)
    nulls = [name for name, value in changes.items() if value is None]
    if nulls:
        raise ValidationError.from_exception_data(
            "ChannelChanges", [{"type": "missing", "loc": (name,), "input": None} for name in nulls]
        )
    await channels.update(run_of(request), organisation_id, service_id, changes)
    return _ok(ChannelAnswer(channel=await _fetch(request, organisation_id, service_id)))


async def delete_channel(request: web.Request, organisation_id: int) -> web.Response:
    service_id = _channel_id(request)
    await channels.delete(run_of(request), organisation_id, service_id)
    return _ok(DeletedAnswer(message=str(service_id)))


async def add_channel_icon(request: web.Request, organisation_id: int) -> web.Response:
    service_id = _channel_id(request)
    upload = _uploaded(request, await request.read())
    icons = channel_icons.icons_of(upload)
    await channels.add_icon(run_of(request), organisation_id, service_id, icons)
    return _ok(ChannelAnswer(channel=await _fetch(request, organisation_id, service_id)))


def _uploaded(request: web.Request, body: bytes) -> bytes:
    """The channelIcon file of a multipart/form-data body (the body was read whole to check its signature)."""
    if request.content_type != "multipart/form-data":
        raise Invalid("send multipart/form-data with the image in channelIcon", channel_icons.FIELD)
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode("latin-1", errors="replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise Invalid("the multipart body has no parts", channel_icons.FIELD)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == channel_icons.FIELD:
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else b""
    raise Invalid("send the image in channelIcon", channel_icons.FIELD)


Action = Callable[[web.Request, int], Awaitable[web.Response]]
ACTIONS: dict[str, Action] = {
    "getChannel": get_channel, "getChannels": get_channels, "addChannel": add_channel,
    "updateChannel": update_channel, "deleteChannel": delete_channel, "addChannelIcon": add_channel_icon,
}  # fmt: skip


def dispatching(declared: tuple[tuple[str, str], ...]) -> Handler:
    """The actions the route row declares (each with its catalogue id), each to its function."""
    actions = {action: ACTIONS[action] for action, _ in declared}

    async def admin(request: web.Request) -> web.Response:
        action = actions.get(request.query.get("action", ""))
        if action is None:
            raise Refused(400, f"invalid-action: one of {', '.join(actions)}")
        return await action(request, await _organisation(request))

    return dialect(admin)


async def icon(request: web.Request) -> web.Response:
    image = await request.app[RUNTIME].pool.fetchval(
        f"""SELECT ci.image FROM {SCHEMA}.channel_icons ci
            JOIN {SCHEMA}.channels c USING (organisation_id, service_id)
            WHERE ci.digest = $1 AND NOT c.deleted AND c.icons ->> ci.size = ci.digest LIMIT 1""",
        request.match_info["icon_id"],
    )
    if image is None:
        raise NotFound("icon not found")
    return web.Response(body=image, content_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


HANDLERS: dict[str, Handler] = {
    "channels.admin_read": dispatching(channel_routes.READS),
    "channels.admin_write": dispatching(channel_routes.WRITES),
    "channels.icon": icon,
}
