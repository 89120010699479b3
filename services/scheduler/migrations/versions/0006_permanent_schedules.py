"""permanent schedules (A106): the agreements billing published, as the scheduler reads them, and which schedules
are permanent"""

from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"""CREATE TABLE {s}.agreements (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        bitrate_mbps integer,
        expires_at timestamptz,
        environment_id uuid,
        output_id text,
        finished boolean NOT NULL DEFAULT false
    )""")
    op.execute(f"ALTER TABLE {s}.schedules ADD COLUMN permanent boolean NOT NULL DEFAULT false")


def downgrade(schema: str) -> None:
    op.execute(f"ALTER TABLE {schema}.schedules DROP COLUMN permanent")
    op.execute(f"DROP TABLE {schema}.agreements")
