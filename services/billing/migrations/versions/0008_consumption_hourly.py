"""consumption lines summed per hour, item and environment as they are projected, for the hourly breakdown (A021)"""

from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.consumption_hourly (
            organisation_id integer NOT NULL,
            currency text NOT NULL,
            hour timestamptz NOT NULL,
            item text NOT NULL,
            resource_id uuid NOT NULL,
            instance_type text NOT NULL,
            seconds numeric NOT NULL,
            amount numeric NOT NULL,
            PRIMARY KEY (organisation_id, currency, hour, item, resource_id, instance_type)
        )"""
    )
    op.execute(
        f"""INSERT INTO {s}.consumption_hourly
            SELECT organisation_id, currency, usage_hour, item, environment_id, coalesce(instance_type, ''),
                   sum(seconds), sum(amount)
            FROM {s}.consumption_lines GROUP BY 1, 2, 3, 4, 5, 6"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.consumption_hourly")
