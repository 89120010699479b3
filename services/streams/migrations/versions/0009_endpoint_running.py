"""whether each input and output is started, what its agent says of its media, and the agent's flags on inputs"""

from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""ALTER TABLE {s}.inputs
            ADD COLUMN enabled boolean NOT NULL DEFAULT true,
            ADD COLUMN warning_sent boolean NOT NULL DEFAULT false,
            ADD COLUMN input_stopped boolean NOT NULL DEFAULT false,
            ADD COLUMN agent_running boolean"""
    )
    op.execute(
        f"""ALTER TABLE {s}.outputs
            ADD COLUMN enabled boolean NOT NULL DEFAULT true,
            ADD COLUMN agent_running boolean"""
    )


def downgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""ALTER TABLE {s}.inputs DROP COLUMN enabled, DROP COLUMN warning_sent, DROP COLUMN input_stopped,
            DROP COLUMN agent_running"""
    )
    op.execute(f"ALTER TABLE {s}.outputs DROP COLUMN enabled, DROP COLUMN agent_running")
