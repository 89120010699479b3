"""what each output's agent holds: the agent's version and the chase of unanswered sends"""

from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""ALTER TABLE {s}.outputs
            ADD COLUMN agent_version integer NOT NULL DEFAULT 0,
            ADD COLUMN agent_attempts integer NOT NULL DEFAULT 0,
            ADD COLUMN agent_sent_at timestamptz"""
    )
    op.execute(f"CREATE INDEX outputs_unapplied ON {s}.outputs (agent_sent_at) WHERE agent_version < config_version")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP INDEX {s}.outputs_unapplied")
    op.execute(
        f"ALTER TABLE {s}.outputs DROP COLUMN agent_version, DROP COLUMN agent_attempts, DROP COLUMN agent_sent_at"
    )
