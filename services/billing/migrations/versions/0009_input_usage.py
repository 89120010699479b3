"""input usage (stream hours) kept beside output usage: the endpoint tables tell the side of each endpoint (its id in
``output_id``, an input's too), and a consumption line names its input"""

from alembic import op

revision = "0009"
down_revision = "0008"

KEYS = {
    "metered_outputs": "environment_id, side, output_id",
    "output_changes": "environment_id, side, output_id, occurred_at, running, bitrate",
    "output_intervals": "environment_id, side, output_id, started_at",
}


def upgrade(schema: str) -> None:
    s = schema
    for table, key in KEYS.items():
        op.execute(f"ALTER TABLE {s}.{table} ADD COLUMN side text NOT NULL DEFAULT 'output'")
        op.execute(f"ALTER TABLE {s}.{table} DROP CONSTRAINT {table}_pkey, ADD PRIMARY KEY ({key})")
    op.execute(f"ALTER TABLE {s}.consumption_lines ADD COLUMN input_id text")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"ALTER TABLE {s}.consumption_lines DROP COLUMN input_id")
    for table, key in KEYS.items():
        op.execute(f"DELETE FROM {s}.{table} WHERE side <> 'output'")
        op.execute(f"ALTER TABLE {s}.{table} DROP CONSTRAINT {table}_pkey, "
                   f"ADD PRIMARY KEY ({key.replace('side, ', '')})")  # fmt: skip
        op.execute(f"ALTER TABLE {s}.{table} DROP COLUMN side")
