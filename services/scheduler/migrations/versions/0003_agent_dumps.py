"""what agents answered when asked for their schedule state (A202): kept beside the log, briefly"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade(schema: str) -> None:
    op.execute(f"""CREATE TABLE {schema}.agent_dumps (
        command_id uuid PRIMARY KEY,
        environment_id uuid NOT NULL,
        body jsonb NOT NULL,
        received_at timestamptz NOT NULL
    )""")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.agent_dumps")
