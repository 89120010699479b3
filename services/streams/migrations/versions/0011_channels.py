"""Icareus channels (I02–I07): the channels projection, their icons beside the log, and the serviceId sequence"""

from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"CREATE SEQUENCE {s}.channel_service_ids START WITH 10000001")
    op.execute(
        f"""CREATE TABLE {s}.channels (
            organisation_id integer NOT NULL,
            service_id bigint NOT NULL,
            environment_id uuid NOT NULL,
            attributes jsonb NOT NULL,
            icons jsonb NOT NULL DEFAULT '{{}}'::jsonb,
            deleted boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (organisation_id, service_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.channel_icons (
            organisation_id integer NOT NULL,
            service_id bigint NOT NULL,
            size text NOT NULL,
            digest text NOT NULL,
            image bytea NOT NULL CHECK (octet_length(image) <= 1048576),
            PRIMARY KEY (organisation_id, service_id, size)
        )"""
    )
    op.execute(f"CREATE INDEX channel_icons_digest ON {s}.channel_icons (digest)")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.channels, {schema}.channel_icons")
    op.execute(f"DROP SEQUENCE {schema}.channel_service_ids")
