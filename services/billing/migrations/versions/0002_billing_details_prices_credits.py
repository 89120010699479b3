"""billing details, price versions and credits projections; the organisations billing has heard of"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.billing_details (
            organisation_id integer NOT NULL,
            currency text NOT NULL,
            details jsonb NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (organisation_id, currency)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.price_versions (
            stream_id text NOT NULL,
            version integer NOT NULL,
            organisation_id integer,
            currency text NOT NULL,
            item text NOT NULL,
            instance_type text,
            bitrate integer,
            duration_months integer,
            amount numeric NOT NULL,
            valid_from timestamptz NOT NULL,
            PRIMARY KEY (stream_id, version)
        )"""
    )
    op.execute(f"CREATE INDEX price_versions_scope ON {s}.price_versions (organisation_id, currency)")
    op.execute(
        f"""CREATE TABLE {s}.credits (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            currency text NOT NULL,
            amount numeric NOT NULL,
            note text,
            created_at timestamptz NOT NULL
        )"""
    )
    op.execute(f"CREATE INDEX credits_org ON {s}.credits (organisation_id, created_at)")
    op.execute(
        f"""CREATE TABLE {s}.organisations (
            organisation_id integer PRIMARY KEY,
            currency text NOT NULL DEFAULT 'usd'
        )"""
    )


def downgrade(schema: str) -> None:
    for table in ("organisations", "credits", "price_versions", "billing_details"):
        op.execute(f"DROP TABLE {schema}.{table}")
