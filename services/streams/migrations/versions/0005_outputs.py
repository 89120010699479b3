"""outputs, and the SRT passwords kept beside the log"""

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.outputs (
            taker_organisation_id integer NOT NULL,
            id text NOT NULL,
            environment_id uuid NOT NULL,
            output_type text NOT NULL,
            user_description text,
            port integer,
            output_settings jsonb NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            config_version integer NOT NULL,
            PRIMARY KEY (taker_organisation_id, id)
        )"""
    )
    op.execute(f"CREATE INDEX outputs_environment ON {s}.outputs (environment_id, id)")
    op.execute(
        f"""CREATE TABLE {s}.output_passwords (
            organisation_id integer NOT NULL,
            output_id text NOT NULL,
            password text NOT NULL,
            PRIMARY KEY (organisation_id, output_id)
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.outputs, {schema}.output_passwords")
