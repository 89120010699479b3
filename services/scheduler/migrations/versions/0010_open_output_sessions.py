"""output sessions an agent announced and has not reported ended: ended by the scheduler should the agent's process
die (decision 88), which marks the sessions it ended so the agent's own report, should it come after all, replaces
them"""

from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"""CREATE TABLE {s}.open_output_sessions (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        environment_id uuid NOT NULL,
        boot_id uuid NOT NULL,
        schedule_id uuid NOT NULL,
        input_id text NOT NULL,
        output_id text NOT NULL,
        start_time timestamptz NOT NULL
    )""")
    op.execute(f"CREATE INDEX open_output_sessions_of ON {s}.open_output_sessions (environment_id, start_time)")
    op.execute(f"ALTER TABLE {s}.output_sessions ADD COLUMN ended_by_scheduler boolean NOT NULL DEFAULT false")


def downgrade(schema: str) -> None:
    op.execute(f"ALTER TABLE {schema}.output_sessions DROP COLUMN ended_by_scheduler")
    op.execute(f"DROP TABLE {schema}.open_output_sessions")
