"""organisation invitations a user answers; temporary passwords, session versions, reset tokens"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"ALTER TABLE {s}.users ADD COLUMN session_version integer NOT NULL DEFAULT 0")
    op.execute(f"ALTER TABLE {s}.users ADD COLUMN password_temporary boolean NOT NULL DEFAULT false")
    op.execute(f"ALTER TABLE {s}.organisation_invitations ADD COLUMN status text NOT NULL DEFAULT 'accepted'")
    op.execute(
        f"""CREATE TABLE {s}.organisation_invitation_codes (
            invitation_id uuid PRIMARY KEY,
            code_hash text NOT NULL
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.password_resets (
            token_hash text PRIMARY KEY,
            user_id uuid NOT NULL,
            expires_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        )"""
    )
    op.execute(f"CREATE INDEX password_resets_user ON {s}.password_resets (user_id)")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP TABLE {s}.password_resets")
    op.execute(f"DROP TABLE {s}.organisation_invitation_codes")
    op.execute(f"ALTER TABLE {s}.organisation_invitations DROP COLUMN status")
    op.execute(f"ALTER TABLE {s}.users DROP COLUMN password_temporary")
    op.execute(f"ALTER TABLE {s}.users DROP COLUMN session_version")
