"""Reads the streams service's background work needs from its projections."""

from __future__ import annotations

from typing import Any


async def unanswered_inputs(pool: Any, schema: str, unanswered_for: float, max_attempts: int) -> list[tuple[int, str]]:
    """Inputs whose last configuration (or removal) the agent has not answered within ``unanswered_for`` seconds, with
    sends left; an environment deleted has no agent to chase."""
    rows = await pool.fetch(
        f"""SELECT i.organisation_id, i.id FROM {schema}.inputs i
            WHERE i.agent_version < i.config_version AND i.agent_attempts < $2
              AND i.agent_sent_at < now() - make_interval(secs => $1)
              AND NOT EXISTS (SELECT 1 FROM {schema}.input_environments e
                              WHERE e.id = i.environment_id AND e.state IN ('deleting', 'deleted'))
            ORDER BY i.agent_sent_at LIMIT 500""",
        unanswered_for, max_attempts,
    )  # fmt: skip
    return [(row["organisation_id"], row["id"]) for row in rows]
