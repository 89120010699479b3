"""who pays a guest's outputs: each source invitation's guest and billing_source over time; the guest taker of a
consumption line the source owner pays"""

from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.invitation_guests (
            invitation_id uuid PRIMARY KEY,
            owner_organisation_id integer NOT NULL,
            guest_organisation_id integer
        )"""
    )
    op.execute(
        f"CREATE INDEX invitation_guests_pair ON {s}.invitation_guests (owner_organisation_id, guest_organisation_id)"
    )
    op.execute(
        f"""CREATE TABLE {s}.guest_billing (
            invitation_id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            billing_source text NOT NULL,
            PRIMARY KEY (invitation_id, occurred_at, billing_source)
        )"""
    )
    op.execute(f"ALTER TABLE {s}.consumption_lines ADD COLUMN taker_organisation_id integer")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"ALTER TABLE {s}.consumption_lines DROP COLUMN taker_organisation_id")
    op.execute(f"DROP TABLE {s}.guest_billing")
    op.execute(f"DROP TABLE {s}.invitation_guests")
