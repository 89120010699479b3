"""what streams knows of source invitations (from the gateway's events): which guest may take outputs on which
owner's environments, how many, and the token digest that names an invitation"""

from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.guest_invitations (
            invitation_id uuid PRIMARY KEY,
            owner_organisation_id integer NOT NULL,
            guest_organisation_id integer,
            token_digest text,
            registered boolean NOT NULL,
            show_all_channels boolean NOT NULL,
            show_all_events boolean NOT NULL,
            max_destinations integer NOT NULL,
            permissions_as_of timestamptz,
            deleted boolean NOT NULL DEFAULT false
        )"""
    )
    parties = "(guest_organisation_id, owner_organisation_id)"
    op.execute(f"CREATE INDEX guest_invitations_parties ON {s}.guest_invitations {parties}")
    op.execute(f"CREATE INDEX guest_invitations_token ON {s}.guest_invitations (token_digest)")
    op.execute(
        f"""CREATE TABLE {s}.guest_input_grants (
            invitation_id uuid NOT NULL REFERENCES {s}.guest_invitations ON DELETE CASCADE,
            input_id text NOT NULL,
            environment_id uuid,
            PRIMARY KEY (invitation_id, input_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.guest_environment_settings (
            invitation_id uuid NOT NULL REFERENCES {s}.guest_invitations ON DELETE CASCADE,
            environment_id uuid NOT NULL,
            show_all_channels boolean,
            max_destinations integer,
            as_of timestamptz NOT NULL,
            PRIMARY KEY (invitation_id, environment_id)
        )"""
    )


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP TABLE {s}.guest_environment_settings, {s}.guest_input_grants, {s}.guest_invitations")
