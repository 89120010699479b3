"""consumption charged to organisations billed on account, attempt by attempt"""

from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.consumption_charges (
            charge_id text PRIMARY KEY,
            organisation_id integer NOT NULL,
            hour timestamptz NOT NULL,
            currency text NOT NULL,
            amount numeric NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            retry_at timestamptz NOT NULL,
            provider text,
            payment_id text,
            reason text
        )"""
    )
    op.execute(f"CREATE INDEX consumption_charges_org ON {s}.consumption_charges (organisation_id, currency)")
    op.execute(f"CREATE INDEX consumption_charges_due ON {s}.consumption_charges (retry_at) WHERE status = 'pending'")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.consumption_charges")
