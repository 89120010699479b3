"""how many lines consumption_hourly has per organisation, currency and hour: A021's total without counting them"""

from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.consumption_hourly_counts (
            organisation_id integer NOT NULL,
            currency text NOT NULL,
            hour timestamptz NOT NULL,
            lines integer NOT NULL,
            PRIMARY KEY (organisation_id, currency, hour)
        )"""
    )
    op.execute(
        f"""INSERT INTO {s}.consumption_hourly_counts
            SELECT organisation_id, currency, hour, count(*) FROM {s}.consumption_hourly GROUP BY 1, 2, 3"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.consumption_hourly_counts")
