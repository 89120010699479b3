"""the delivery log: one row per (raise, its repeat, raised or cleared, target), its intent recorded before any send"""

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.deliveries (
            id uuid PRIMARY KEY,
            raise_id uuid NOT NULL,
            repeat integer NOT NULL DEFAULT 0,
            state text NOT NULL,
            target_key text NOT NULL,
            target text NOT NULL,
            alert_type text NOT NULL,
            alert_id uuid NOT NULL,
            organisation_id integer NOT NULL,
            created_by_organisation_id integer,
            method_id uuid NOT NULL,
            fired jsonb NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            last_error text,
            lease_until timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            sent_at timestamptz,
            UNIQUE (raise_id, repeat, state, target_key)
        )"""
    )
    op.execute(f"CREATE INDEX deliveries_alert ON {s}.deliveries (alert_id, created_at)")
    unfinished = "status IN ('pending', 'sending', 'retrying')"
    op.execute(f"CREATE INDEX deliveries_due ON {s}.deliveries (status, lease_until) WHERE {unfinished}")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.deliveries")
