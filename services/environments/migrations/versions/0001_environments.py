"""spine tables, environment projections, agent liveness, and the cloud catalogue"""

from alembic import op

from common.migrations.spine import spine_ddl
from environments.adapters.catalogue_seed import seed_statements

revision = "0001"
down_revision = None


def upgrade(schema: str) -> None:
    for statement in spine_ddl(schema):
        op.execute(statement)
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.environments (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            name text NOT NULL,
            cloud_provider text NOT NULL,
            region text NOT NULL,
            instance_type text NOT NULL,
            state text NOT NULL,
            health text NOT NULL DEFAULT 'ok',
            state_reason text,
            agent_version text,
            provisioning_attempts integer NOT NULL DEFAULT 0,
            creation_acknowledged boolean NOT NULL DEFAULT false,
            created_by uuid,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )"""
    )
    op.execute(f"CREATE INDEX environments_org ON {s}.environments (organisation_id, state)")
    op.execute(
        f"""CREATE TABLE {s}.environment_history (
            environment_id uuid NOT NULL,
            version integer NOT NULL,
            event text NOT NULL,
            previous_state text,
            state text,
            reason text,
            at timestamptz NOT NULL,
            PRIMARY KEY (environment_id, version)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.agent_commands (
            command_id uuid PRIMARY KEY,
            environment_id uuid NOT NULL,
            command text NOT NULL,
            attempts integer NOT NULL,
            issued_at timestamptz NOT NULL,
            last_issued_at timestamptz NOT NULL,
            acknowledged_at timestamptz,
            finished_at timestamptz,
            outcome text
        )"""
    )
    op.execute(f"CREATE INDEX agent_commands_open ON {s}.agent_commands (environment_id) WHERE finished_at IS NULL")
    # Live state reported by agents: not events, so not a projection.
    op.execute(
        f"""CREATE TABLE {s}.environment_liveness (
            environment_id uuid PRIMARY KEY,
            last_heartbeat_at timestamptz,
            boot_id uuid,
            media_state text,
            agent_version text,
            load jsonb
        )"""
    )
    op.execute(f"CREATE TABLE {s}.cloud_providers (id text PRIMARY KEY, name text NOT NULL)")
    op.execute(
        f"""CREATE TABLE {s}.regions (
            cloud_provider text NOT NULL REFERENCES {s}.cloud_providers (id),
            id text NOT NULL,
            name text NOT NULL,
            latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
            longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
            PRIMARY KEY (cloud_provider, id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.instance_types (
            cloud_provider text NOT NULL,
            region text NOT NULL,
            id text NOT NULL,
            name text NOT NULL,
            vcpus integer NOT NULL,
            memory_gb double precision NOT NULL,
            max_outputs integer NOT NULL,
            bandwidth_mbps integer NOT NULL,
            PRIMARY KEY (cloud_provider, region, id),
            FOREIGN KEY (cloud_provider, region) REFERENCES {s}.regions (cloud_provider, id)
        )"""
    )
    for statement in seed_statements(s):
        op.execute(statement)


def downgrade(schema: str) -> None:
    op.execute(f"DROP SCHEMA {schema} CASCADE")
