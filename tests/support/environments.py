"""Waiting for an environment to settle, through the public API; a wait that fails shows the whole history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.api import Api
from tests.support.waiting import eventually


async def history(api: Api, environment_id: str) -> list[dict[str, Any]]:
    return list((await api.get(f"/api/customer_environment/{environment_id}/history")).ok()["objects"])


async def settled(
    api: Api, environment_id: str, state: str, heard_after: datetime | None = None, within: float = 120
) -> dict[str, Any]:
    """Until the status shows ``state``, the media in the same state and health ok, with a heartbeat after
    ``heard_after`` when given (a status from before a restart proves nothing about the agent after it)."""

    async def check() -> dict[str, Any]:
        body: dict[str, Any] = (await api.get(f"/api/status/customer_environment/{environment_id}/")).ok()
        expected = (state, state, "ok")
        beat = body["last_heartbeat_at"]
        stale = heard_after is not None and (beat is None or datetime.fromisoformat(beat) <= heard_after)
        if (body["state"], body["media_state"], body["health"]) != expected or stale:
            raise AssertionError(f"{body}, not {expected}; history: {await history(api, environment_id)}")
        return body

    return await eventually(check, within=within, every=0.5)


async def in_state(api: Api, environment_id: str, state: str, within: float = 90) -> None:
    async def check() -> None:
        body = (await api.get(f"/api/customer_environment/{environment_id}")).ok()
        if body["state"] != state:
            steps = await history(api, environment_id)
            raise AssertionError(f"{body['name']} is {body['state']}, not {state}: {steps}")

    await eventually(check, within=within, every=0.5)


async def known_to_streams(api: Api, environment_id: str, within: float = 30) -> None:
    """Streams learns of an environment from the environments service's events, a moment after it runs: an input
    or output created before that finds no environment (404)."""

    async def known() -> None:
        (await api.get(f"/api/customer_environment/{environment_id}/inputs")).ok()

    await eventually(known, within=within)
