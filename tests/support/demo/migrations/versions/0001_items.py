"""spine tables and the items projection"""

from alembic import op

from common.migrations.spine import spine_ddl

revision = "0001"
down_revision = None


def upgrade(schema: str) -> None:
    for statement in spine_ddl(schema):
        op.execute(statement)
    op.execute(
        f"""CREATE TABLE {schema}.items (
            id uuid PRIMARY KEY,
            name text NOT NULL,
            size integer NOT NULL,
            flag boolean NOT NULL,
            created_at timestamptz NOT NULL,
            renamed_count integer NOT NULL DEFAULT 0
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP SCHEMA {schema} CASCADE")
