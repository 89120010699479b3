"""permanent-schedule agreements, the charges to take from organisations billed on account, how each is billed"""

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.agreements (
            id uuid PRIMARY KEY,
            purchase_id uuid NOT NULL,
            organisation_id integer NOT NULL,
            bitrate integer NOT NULL,
            duration_months integer NOT NULL,
            currency text NOT NULL,
            price numeric NOT NULL,
            paid_by text NOT NULL,
            purchased_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            is_assigned boolean NOT NULL DEFAULT false,
            is_finished boolean NOT NULL DEFAULT false,
            output_id text,
            environment_id uuid,
            finished_at timestamptz
        )"""
    )
    op.execute(f"CREATE INDEX agreements_org ON {s}.agreements (organisation_id, purchased_at)")
    op.execute(f"CREATE INDEX agreements_due ON {s}.agreements (expires_at) WHERE NOT is_finished")
    op.execute(f"CREATE INDEX agreements_environment ON {s}.agreements (environment_id) WHERE is_assigned")
    op.execute(
        f"""CREATE TABLE {s}.account_charges (
            purchase_id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            currency text NOT NULL,
            amount numeric NOT NULL,
            charged_at timestamptz NOT NULL,
            status text NOT NULL,
            provider text,
            payment_id text,
            reason text
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.billing_settings (
            organisation_id integer PRIMARY KEY,
            on_account boolean NOT NULL DEFAULT false,
            monthly_report boolean NOT NULL DEFAULT false
        )"""
    )
    op.execute(f"CREATE INDEX account_charges_pending ON {s}.account_charges (charged_at) WHERE status = 'pending'")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.billing_settings")
    op.execute(f"DROP TABLE {schema}.account_charges")
    op.execute(f"DROP TABLE {schema}.agreements")
