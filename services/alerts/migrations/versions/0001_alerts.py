"""spine tables and the deleted-organisations read model"""

from alembic import op

from common.migrations.spine import spine_ddl

revision = "0001"
down_revision = None


def upgrade(schema: str) -> None:
    for statement in spine_ddl(schema):
        op.execute(statement)
    op.execute(
        f"""CREATE TABLE {schema}.deleted_organisations (
            organisation_id integer PRIMARY KEY,
            deleted_at timestamptz NOT NULL
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP SCHEMA {schema} CASCADE")
