"""spine tables, users, organisations, memberships, credentials, login throttling, directories"""

from alembic import op

from common.migrations.spine import spine_ddl

revision = "0001"
down_revision = None


def upgrade(schema: str) -> None:
    for statement in spine_ddl(schema):
        op.execute(statement)
    s = schema
    op.execute(f"CREATE SEQUENCE {s}.organisation_ids START 1000")
    op.execute(
        f"""CREATE TABLE {s}.users (
            id uuid PRIMARY KEY,
            email text NOT NULL,
            name text NOT NULL DEFAULT '',
            is_superuser boolean NOT NULL DEFAULT false,
            is_accounts_user boolean NOT NULL DEFAULT false,
            is_accounts_admin boolean NOT NULL DEFAULT false,
            managing_organisation_id integer,
            active_organisation_id integer,
            active_environment_id uuid,
            getting_started_seen boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL,
            deleted_at timestamptz
        )"""
    )
    op.execute(f"CREATE UNIQUE INDEX users_email ON {s}.users (lower(email)) WHERE deleted_at IS NULL")
    op.execute(
        f"""CREATE TABLE {s}.organisations (
            id integer PRIMARY KEY,
            name text NOT NULL,
            currency text NOT NULL DEFAULT 'usd',
            purchase_order_number text,
            payment_method text NOT NULL,
            root_user_id uuid,
            created_by uuid,
            created_from_ip text,
            created_at timestamptz NOT NULL,
            deleted_at timestamptz
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.memberships (
            organisation_id integer NOT NULL,
            user_id uuid NOT NULL,
            permission_type text NOT NULL CHECK (permission_type IN ('admin', 'operator', 'monitor')),
            created_at timestamptz NOT NULL,
            PRIMARY KEY (organisation_id, user_id)
        )"""
    )
    op.execute(f"CREATE INDEX memberships_user ON {s}.memberships (user_id)")
    op.execute(
        f"""CREATE TABLE {s}.organisation_invitations (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            email text NOT NULL,
            user_id uuid NOT NULL,
            permission_type text NOT NULL,
            created_at timestamptz NOT NULL
        )"""
    )
    op.execute(
        f"CREATE UNIQUE INDEX organisation_invitations_email ON {s}.organisation_invitations"
        " (organisation_id, lower(email))"
    )
    op.execute(
        f"""CREATE TABLE {s}.source_invitations (
            id uuid PRIMARY KEY,
            source_organisation_id integer NOT NULL,
            guest_organisation_id integer,
            destination_temporary_name text NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'accepted')),
            show_all_channels boolean NOT NULL DEFAULT false,
            show_all_events boolean NOT NULL DEFAULT false,
            billing_source text NOT NULL DEFAULT 'source_owner',
            registered boolean NOT NULL DEFAULT true,
            global_max_destinations integer NOT NULL DEFAULT 1,
            created_by uuid,
            created_at timestamptz NOT NULL,
            accepted_at timestamptz
        )"""
    )
    op.execute(
        f"CREATE UNIQUE INDEX source_invitations_pair ON {s}.source_invitations"
        " (source_organisation_id, guest_organisation_id) WHERE guest_organisation_id IS NOT NULL"
    )
    op.execute(
        f"""CREATE TABLE {s}.source_invitation_inputs (
            invitation_id uuid NOT NULL,
            input_id text NOT NULL,
            environment_id uuid,
            granted_at timestamptz NOT NULL,
            PRIMARY KEY (invitation_id, input_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.source_invitation_labels (
            invitation_id uuid NOT NULL,
            label_id uuid NOT NULL,
            granted_at timestamptz NOT NULL,
            PRIMARY KEY (invitation_id, label_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.source_invitation_environments (
            invitation_id uuid NOT NULL,
            environment_id uuid NOT NULL,
            show_all_channels boolean,
            max_destinations integer,
            PRIMARY KEY (invitation_id, environment_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.labels (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            text text NOT NULL,
            created_at timestamptz NOT NULL
        )"""
    )
    # Secrets and operational state: not projections, never in events.
    op.execute(
        f"""CREATE TABLE {s}.user_credentials (
            user_id uuid PRIMARY KEY,
            password_hash text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.organisation_token_secrets (
            organisation_id integer PRIMARY KEY,
            secret text NOT NULL,
            rotated_at timestamptz NOT NULL DEFAULT now()
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.source_invitation_tokens (
            invitation_id uuid PRIMARY KEY,
            token_hash text NOT NULL UNIQUE
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.login_failures (
            key text PRIMARY KEY,
            window_start timestamptz NOT NULL,
            failures integer NOT NULL
        )"""
    )
    # Read models of other services' integration events.
    op.execute(
        f"""CREATE TABLE {s}.environment_directory (
            environment_id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            name text NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.credit_exhausted_addresses (
            address text PRIMARY KEY,
            organisation_id integer NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.activity_log (
            id bigserial PRIMARY KEY,
            message_id uuid NOT NULL,
            organisation_id integer NOT NULL,
            occurred_at timestamptz NOT NULL,
            type text NOT NULL,
            actor_user_id uuid,
            resource_type text NOT NULL,
            resource_id text NOT NULL,
            summary text NOT NULL,
            UNIQUE (message_id, organisation_id)
        )"""
    )
    op.execute(f"CREATE INDEX activity_log_org ON {s}.activity_log (organisation_id, occurred_at DESC)")


def downgrade(schema: str) -> None:
    op.execute(f"DROP SCHEMA {schema} CASCADE")
