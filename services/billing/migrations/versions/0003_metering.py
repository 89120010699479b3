"""usage observed from environments, its running intervals, consumption lines, credits drawn, the run's checkpoints"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.metered_environments (
            environment_id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            instance_type text
        )"""
    )
    op.execute(f"CREATE INDEX metered_environments_org ON {s}.metered_environments (organisation_id)")
    op.execute(
        f"""CREATE TABLE {s}.environment_changes (
            environment_id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            previous_state text NOT NULL,
            state text NOT NULL,
            PRIMARY KEY (environment_id, occurred_at, previous_state, state)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.usage_intervals (
            environment_id uuid NOT NULL,
            started_at timestamptz NOT NULL,
            ended_at timestamptz,
            PRIMARY KEY (environment_id, started_at)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.consumption_lines (
            stream_id text NOT NULL,
            version integer NOT NULL,
            organisation_id integer NOT NULL,
            hour timestamptz NOT NULL,
            usage_hour timestamptz NOT NULL,
            kind text NOT NULL,
            item text NOT NULL,
            environment_id uuid NOT NULL,
            instance_type text,
            currency text NOT NULL,
            seconds numeric NOT NULL,
            amount numeric NOT NULL,
            PRIMARY KEY (stream_id, version)
        )"""
    )
    op.execute(f"CREATE INDEX consumption_lines_usage ON {s}.consumption_lines (organisation_id, usage_hour)")
    op.execute(f"CREATE INDEX consumption_lines_environment ON {s}.consumption_lines (environment_id, usage_hour)")
    op.execute(f"ALTER TABLE {s}.credits ADD COLUMN drawn numeric NOT NULL DEFAULT 0")
    op.execute(
        f"""CREATE TABLE {s}.closed_hours (
            organisation_id integer PRIMARY KEY,
            hour timestamptz NOT NULL
        )"""
    )
    # not a projection: what changed since the run last looked, consumed (deleted) by the run
    op.execute(
        f"""CREATE TABLE {s}.usage_changed (
            id bigserial PRIMARY KEY,
            organisation_id integer NOT NULL,
            environment_id uuid NOT NULL,
            since timestamptz NOT NULL
        )"""
    )
    op.execute(f"CREATE INDEX usage_changed_org ON {s}.usage_changed (organisation_id)")


def downgrade(schema: str) -> None:
    for table in ("usage_changed", "closed_hours", "consumption_lines", "usage_intervals", "environment_changes",
                  "metered_environments"):  # fmt: skip
        op.execute(f"DROP TABLE {schema}.{table}")
    op.execute(f"ALTER TABLE {schema}.credits DROP COLUMN drawn")
