"""inputs and the environments streams knows of"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.inputs (
            organisation_id integer NOT NULL,
            id text NOT NULL,
            environment_id uuid NOT NULL,
            input_type text NOT NULL,
            user_description text,
            max_allowed_bitrate_kbps integer,
            port integer,
            input_settings jsonb NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (organisation_id, id)
        )"""
    )
    op.execute(f"CREATE INDEX inputs_environment ON {s}.inputs (environment_id, id)")
    op.execute(
        f"""CREATE TABLE {s}.input_environments (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            state text NOT NULL
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.inputs, {schema}.input_environments")
