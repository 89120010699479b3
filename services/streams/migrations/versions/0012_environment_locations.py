"""Where each c_env runs, as the environments service announced it (its cloud provider and region): the public host
of its inputs is made from it (decision 70)"""

from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade(schema: str) -> None:
    op.execute(
        f"""CREATE TABLE {schema}.environment_locations (
            environment_id uuid PRIMARY KEY,
            cloud_provider text NOT NULL,
            region text NOT NULL
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.environment_locations")
