"""the alert methods projection and the Slack webhooks kept beside the log"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.alert_methods (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            name text NOT NULL,
            alert_type text NOT NULL,
            notification_parameters text[] NOT NULL,
            created_at timestamptz NOT NULL
        )"""
    )
    op.execute(f"CREATE INDEX alert_methods_org ON {s}.alert_methods (organisation_id, name)")
    op.execute(
        f"""CREATE TABLE {s}.slack_webhooks (
            method_id uuid NOT NULL,
            position integer NOT NULL,
            url text NOT NULL,
            PRIMARY KEY (method_id, position)
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.slack_webhooks")
    op.execute(f"DROP TABLE {schema}.alert_methods")
