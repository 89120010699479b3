"""the dashboard groups projection"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.dashboard_groups (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            name text NOT NULL,
            group_type text NOT NULL,
            created_at timestamptz NOT NULL
        )"""
    )
    op.execute(f"CREATE INDEX dashboard_groups_org ON {s}.dashboard_groups (organisation_id, name)")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.dashboard_groups")
