"""the history API (P09): finished schedule runs, the newest 10,000 per organisation, and how far the sweep that
records them has got"""

from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"""CREATE TABLE {s}.schedule_runs (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        environment_id uuid NOT NULL,
        input_organisation_id integer NOT NULL,
        input_id text NOT NULL,
        output_id text NOT NULL,
        start_time timestamptz NOT NULL,
        end_time timestamptz NOT NULL,
        duration_seconds double precision NOT NULL,
        disconnect_reason text NOT NULL,
        is_permanent boolean NOT NULL,
        event_id uuid
    )""")
    op.execute(f"CREATE INDEX schedule_runs_newest ON {s}.schedule_runs (organisation_id, end_time DESC, id)")
    op.execute(f"CREATE TABLE {s}.schedule_run_sweeps (id boolean PRIMARY KEY DEFAULT true, swept_to timestamptz)")
    op.execute(f"CREATE INDEX schedules_ended ON {s}.schedules (end_time)")


def downgrade(schema: str) -> None:
    op.execute(f"DROP INDEX {schema}.schedules_ended")
    op.execute(f"DROP TABLE {schema}.schedule_runs, {schema}.schedule_run_sweeps")
