"""what each input's agent holds: the configuration's version, the agent's, and the chase of unanswered sends"""

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""ALTER TABLE {s}.inputs
            ADD COLUMN config_version integer NOT NULL DEFAULT 0,
            ADD COLUMN agent_version integer NOT NULL DEFAULT 0,
            ADD COLUMN agent_attempts integer NOT NULL DEFAULT 0,
            ADD COLUMN agent_sent_at timestamptz"""
    )
    op.execute(f"CREATE INDEX inputs_unapplied ON {s}.inputs (agent_sent_at) WHERE agent_version < config_version")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP INDEX {s}.inputs_unapplied")
    op.execute(
        f"""ALTER TABLE {s}.inputs DROP COLUMN config_version, DROP COLUMN agent_version,
            DROP COLUMN agent_attempts, DROP COLUMN agent_sent_at"""
    )
