"""Reads the streams service's background work needs from its projections."""

from __future__ import annotations

from typing import Any, Literal

# each kind of stream endpoint: its table and the column of its organisation
TABLES = {"input": ("inputs", "organisation_id"), "output": ("outputs", "taker_organisation_id")}


async def unanswered(
    pool: Any, schema: str, side: Literal["input", "output"], unanswered_for: float, max_attempts: int
) -> list[tuple[int, str]]:
    """Inputs (or outputs) whose last configuration (or removal) the agent has not answered within ``unanswered_for``
    seconds, with sends left; an environment deleted has no agent to chase."""
    table, organisation = TABLES[side]
    rows = await pool.fetch(
        f"""SELECT i.{organisation} AS organisation_id, i.id FROM {schema}.{table} i
            WHERE i.agent_version < i.config_version AND i.agent_attempts < $2
              AND i.agent_sent_at < now() - make_interval(secs => $1)
              AND NOT EXISTS (SELECT 1 FROM {schema}.input_environments e
                              WHERE e.id = i.environment_id AND e.state IN ('deleting', 'deleted'))
            ORDER BY i.agent_sent_at LIMIT 500""",
        unanswered_for, max_attempts,
    )  # fmt: skip
    return [(row["organisation_id"], row["id"]) for row in rows]


async def guests_holding_outputs(pool: Any, schema: str) -> list[tuple[int, int, Any]]:
    """Each guest (taker, owner, environment) with live outputs on an environment that can still change."""
    rows = await pool.fetch(
        f"""SELECT DISTINCT o.taker_organisation_id, e.organisation_id, o.environment_id
            FROM {schema}.outputs o JOIN {schema}.input_environments e ON e.id = o.environment_id
            WHERE NOT o.deleted AND o.taker_organisation_id <> e.organisation_id
              AND e.state NOT IN ('deleting', 'deleted')"""
    )
    return [(row[0], row[1], row[2]) for row in rows]


Placed = list[tuple[Any, str]]
OPEN = """NOT EXISTS (SELECT 1 FROM {s}.input_environments e
                      WHERE e.id = t.environment_id AND e.state IN ('deleting', 'deleted'))"""


async def endpoints_of(conn: Any, schema: str, organisation_id: int) -> tuple[Placed, Placed]:
    """The organisation's live inputs and the live outputs it takes (as a guest too), each with its environment,
    on environments that can still change."""
    found = []
    for table, organisation in TABLES.values():
        rows = await conn.fetch(
            f"""SELECT environment_id, id FROM {schema}.{table} t
                WHERE {organisation} = $1 AND NOT deleted AND {OPEN.format(s=schema)} ORDER BY id""",
            organisation_id,
        )  # fmt: skip
        found.append([(row[0], row[1]) for row in rows])
    return found[0], found[1]


async def deleted_holding_endpoints(pool: Any, schema: str) -> list[int]:
    """Deleted organisations that still hold live inputs or outputs on environments that can change (a creation
    that raced the deletion's handler)."""
    held = " UNION ".join(
        f"""SELECT t.{organisation} FROM {schema}.{table} t JOIN {schema}.deleted_organisations d
              ON d.organisation_id = t.{organisation} WHERE NOT t.deleted AND {OPEN.format(s=schema)}"""
        for table, organisation in TABLES.values()
    )
    return [row[0] for row in await pool.fetch(held)]
