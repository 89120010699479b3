"""Migration 0007: RTMP addresses the log and the outputs list held in full move beside the log, and what stays is
masked; SRT passwords move with them."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import asyncpg

from common.migrations import upgrade

MIGRATIONS = Path(__file__).parents[3] / "services" / "streams" / "migrations"
URL, BACKUP = "rtmp://user:pw@cdn.example:1935/live/key-in-the-log?token=t0k", "rtmps://b.example/app/key-2"


async def test_addresses_leave_the_log_and_the_list_and_passwords_follow(database_url: str) -> None:
    schema = f"streams_mig_{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(upgrade, database_url, schema, MIGRATIONS, "0006")
    conn = await asyncpg.connect(database_url)
    try:
        settings = {"url": URL, "backup_url": BACKUP, "bitrate": 0}
        data = {"organisation_id": 7, "environment_id": str(uuid.uuid4()), "output_id": "r", "kind": "rtmp",
                "settings": settings, "version": 1}  # fmt: skip
        await conn.execute(f"INSERT INTO {schema}.events (stream_id, version, type, data, metadata) "
                           "VALUES ('output-7-r', 1, 'OutputCreated', $1::jsonb, '{}')", json.dumps(data))  # fmt: skip
        await conn.execute(
            f"""INSERT INTO {schema}.outputs (taker_organisation_id, id, environment_id, output_type, output_settings,
                    created_at, updated_at, config_version) VALUES (7, 'r', $1, 'rtmp', $2::jsonb, now(), now(), 1)""",
            uuid.UUID(data["environment_id"]), json.dumps(settings),
        )  # fmt: skip
        await conn.execute(f"INSERT INTO {schema}.output_passwords VALUES (7, 's', 'an-srt-password')")

        await asyncio.to_thread(upgrade, database_url, schema, MIGRATIONS)

        kept = await conn.fetch(f"SELECT output_id, name, value FROM {schema}.output_secrets ORDER BY 1, 2")
        assert [tuple(r) for r in kept] == [("r", "backup_url", BACKUP), ("r", "url", URL),
                                            ("s", "password", "an-srt-password")]  # fmt: skip
        logged = json.loads(await conn.fetchval(f"SELECT data FROM {schema}.events"))["settings"]
        listed = json.loads(await conn.fetchval(f"SELECT output_settings FROM {schema}.outputs"))
        expected = {"url": "rtmp://cdn.example:1935/live/********", "backup_url": "rtmps://b.example/app/********"}
        for shown in (logged, listed):
            assert {name: shown[name] for name in expected} == expected and shown["bitrate"] == 0
    finally:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await conn.close()
