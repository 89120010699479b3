"""organisation members (from the gateway's events), notifications and each recipient's copy"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.members (
            organisation_id integer NOT NULL,
            user_id uuid NOT NULL,
            PRIMARY KEY (organisation_id, user_id)
        )"""
    )
    op.execute(f"CREATE INDEX members_user ON {s}.members (user_id)")
    op.execute(
        f"""CREATE TABLE {s}.notifications (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            category text NOT NULL,
            message text NOT NULL,
            resource_id text,
            created_at timestamptz NOT NULL
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.notification_inbox (
            notification_id uuid NOT NULL,
            user_id uuid NOT NULL,
            read_at timestamptz,
            PRIMARY KEY (user_id, notification_id)
        )"""
    )
    op.execute(f"CREATE INDEX notification_inbox_notification ON {s}.notification_inbox (notification_id)")


def downgrade(schema: str) -> None:
    for table in ("notification_inbox", "notifications", "members"):
        op.execute(f"DROP TABLE {schema}.{table}")
