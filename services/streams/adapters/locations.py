"""Where each c_env runs, kept as the environments service announces it (``EnvironmentRequested``): a read model
written by the consumer, after the unit's appends (an append must be its transaction's first write)."""

from __future__ import annotations

import uuid
from typing import Any


async def located(conn: Any, schema: str, environment_id: uuid.UUID, cloud_provider: str, region: str) -> None:
    await conn.execute(
        f"""INSERT INTO {schema}.environment_locations (environment_id, cloud_provider, region) VALUES ($1, $2, $3)
            ON CONFLICT (environment_id) DO UPDATE SET cloud_provider = excluded.cloud_provider,
                                                       region = excluded.region""",
        environment_id, cloud_provider, region,
    )  # fmt: skip
