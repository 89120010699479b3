"""schedules whose running entry a command stopped (P10): their run ends "disconnected" in the history (P09)"""

from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade(schema: str) -> None:
    op.execute(f"ALTER TABLE {schema}.schedules ADD COLUMN disconnected boolean NOT NULL DEFAULT false")


def downgrade(schema: str) -> None:
    op.execute(f"ALTER TABLE {schema}.schedules DROP COLUMN disconnected")
