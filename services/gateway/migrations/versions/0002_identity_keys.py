"""users.email_key: one normalised key for lookups and uniqueness; login throttle rows remember their strikes"""

from alembic import op
from sqlalchemy import text

from gateway.domain.identities import email_key

revision = "0002"
down_revision = "0001"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"ALTER TABLE {s}.users ADD COLUMN email_key text")
    connection = op.get_bind()
    for user_id, email in connection.execute(text(f"SELECT id, email FROM {s}.users")).fetchall():
        update = text(f"UPDATE {s}.users SET email_key = :key WHERE id = :id")
        connection.execute(update, {"key": email_key(email), "id": user_id})
    op.execute(f"ALTER TABLE {s}.users ALTER COLUMN email_key SET NOT NULL")
    op.execute(f"DROP INDEX {s}.users_email")
    op.execute(f"CREATE UNIQUE INDEX users_email_key ON {s}.users (email_key) WHERE deleted_at IS NULL")
    op.execute(f"ALTER TABLE {s}.login_failures ADD COLUMN strikes integer NOT NULL DEFAULT 0")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"ALTER TABLE {s}.login_failures DROP COLUMN strikes")
    op.execute(f"DROP INDEX {s}.users_email_key")
    op.execute(f"CREATE UNIQUE INDEX users_email ON {s}.users (lower(email)) WHERE deleted_at IS NULL")
    op.execute(f"ALTER TABLE {s}.users DROP COLUMN email_key")
