"""what alerts knows of source invitations (from the gateway's events): which owner's inputs a guest organisation
is shown, so it may put alerts on them, and loses those alerts when no longer shown"""

from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.guest_invitations (
            invitation_id uuid PRIMARY KEY,
            owner_organisation_id integer NOT NULL,
            guest_organisation_id integer,
            registered boolean NOT NULL DEFAULT true,
            show_all_channels boolean NOT NULL DEFAULT false,
            permissions_as_of timestamptz,
            deleted boolean NOT NULL DEFAULT false
        )"""
    )
    parties = "(guest_organisation_id, owner_organisation_id)"
    op.execute(f"CREATE INDEX guest_invitations_parties ON {s}.guest_invitations {parties}")
    op.execute(
        f"""CREATE TABLE {s}.guest_input_grants (
            invitation_id uuid NOT NULL REFERENCES {s}.guest_invitations ON DELETE CASCADE,
            input_id text NOT NULL,
            environment_id uuid,
            granted boolean NOT NULL,
            as_of timestamptz NOT NULL,
            PRIMARY KEY (invitation_id, input_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.guest_environment_settings (
            invitation_id uuid NOT NULL REFERENCES {s}.guest_invitations ON DELETE CASCADE,
            environment_id uuid NOT NULL,
            show_all_channels boolean,
            as_of timestamptz NOT NULL,
            PRIMARY KEY (invitation_id, environment_id)
        )"""
    )

    # the sweep looks at guests' input alerts only, every few seconds
    op.execute(
        f"""CREATE INDEX alerts_made_by_guests ON {s}.alerts (environment_id)
            WHERE NOT deleted AND side = 'input' AND created_by_organisation_id <> organisation_id"""
    )


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP INDEX {s}.alerts_made_by_guests")
    op.execute(f"DROP TABLE {s}.guest_environment_settings, {s}.guest_input_grants, {s}.guest_invitations")
