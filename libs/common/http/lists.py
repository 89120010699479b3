"""Answering list and schema requests (P01-P04) for a service's collections, from its own pool."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from common import listing
from common.http.app import RUNTIME
from common.http.bodies import json_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ToObject = Callable[[Any], BaseModel]


async def page(
    request: web.Request,
    spec: listing.ListSpec,
    to_object: ToObject,
    where: Sequence[str] = (),
    params: Sequence[Any] = (),
    select: str = "*",
) -> web.Response:
    """One page of ``spec`` narrowed by the caller's ``where`` (``$1``... bound to ``params``) and the filters."""
    query = listing.parse(spec, request.query, where, params)
    pool = request.app[RUNTIME].pool
    return json_response(await listing.fetch_page(pool, spec, query, request.path, request.query, to_object, select))


def schema_handler(spec: listing.ListSpec, help_text: str) -> Handler:
    async def schema(_: web.Request) -> web.Response:
        return json_response(listing.schema_document(spec, help_text))

    return schema
