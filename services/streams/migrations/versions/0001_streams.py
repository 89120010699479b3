"""spine tables and the deleted-organisations read model"""

from alembic import op

from common.migrations.spine import spine_ddl
from common.organisation_deletions import deleted_organisations_ddl

revision = "0001"
down_revision = None


def upgrade(schema: str) -> None:
    for statement in spine_ddl(schema):
        op.execute(statement)
    op.execute(deleted_organisations_ddl(schema))


def downgrade(schema: str) -> None:
    op.execute(f"DROP SCHEMA {schema} CASCADE")
