"""output usage observed from streams (the answers of environments' agents), its intervals by bitrate band, and the
output and band of consumption lines"""

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.metered_outputs (
            environment_id uuid NOT NULL,
            output_id text NOT NULL,
            organisation_id integer NOT NULL,
            PRIMARY KEY (environment_id, output_id)
        )"""
    )
    op.execute(f"CREATE INDEX metered_outputs_org ON {s}.metered_outputs (organisation_id)")
    op.execute(
        f"""CREATE TABLE {s}.output_changes (
            environment_id uuid NOT NULL,
            output_id text NOT NULL,
            occurred_at timestamptz NOT NULL,
            running boolean NOT NULL,
            bitrate integer NOT NULL,
            PRIMARY KEY (environment_id, output_id, occurred_at, running, bitrate)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.output_intervals (
            environment_id uuid NOT NULL,
            output_id text NOT NULL,
            started_at timestamptz NOT NULL,
            ended_at timestamptz,
            bitrate integer NOT NULL,
            PRIMARY KEY (environment_id, output_id, started_at)
        )"""
    )
    op.execute(f"ALTER TABLE {s}.consumption_lines ADD COLUMN output_id text")
    op.execute(f"ALTER TABLE {s}.consumption_lines ADD COLUMN bitrate integer")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"ALTER TABLE {s}.consumption_lines DROP COLUMN bitrate")
    op.execute(f"ALTER TABLE {s}.consumption_lines DROP COLUMN output_id")
    for table in ("output_intervals", "output_changes", "metered_outputs"):
        op.execute(f"DROP TABLE {s}.{table}")
