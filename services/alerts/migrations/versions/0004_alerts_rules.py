"""alerts and what they are on: environments, inputs and outputs (from their owners' events), the statistics samples
they are evaluated over, and the full alert sets pushed to agents"""

from alembic import op

from common.full_sets import full_sets_ddl

revision = "0004"
down_revision = "0003"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"CREATE TABLE {s}.environments (id uuid PRIMARY KEY, organisation_id integer NOT NULL)")
    for table, owner in (("inputs", "organisation_id"), ("outputs", "taker_organisation_id")):
        op.execute(
            f"""CREATE TABLE {s}.{table} (
                {owner} integer NOT NULL,
                id text NOT NULL,
                environment_id uuid NOT NULL,
                version integer NOT NULL,
                deleted boolean NOT NULL,
                PRIMARY KEY ({owner}, id)
            )"""
        )
        op.execute(f"CREATE INDEX {table}_environment ON {s}.{table} (environment_id)")
    op.execute(
        f"""CREATE TABLE {s}.alerts (
            id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            created_by_organisation_id integer NOT NULL,
            environment_id uuid NOT NULL,
            side text NOT NULL,
            endpoint_id text NOT NULL,
            name text NOT NULL,
            alert_on_query text NOT NULL,
            query_param text NOT NULL,
            query_value double precision[] NOT NULL,
            query_time_range text NOT NULL,
            alert_check_frequency text NOT NULL,
            alert_after text,
            alert_repeat text NOT NULL,
            alert_method_id uuid NOT NULL,
            muted boolean NOT NULL DEFAULT false,
            muted_until timestamptz,
            status text NOT NULL DEFAULT 'active',
            is_alerting boolean NOT NULL DEFAULT false,
            value double precision,
            deleted boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL
        )"""
    )
    op.execute(f"CREATE INDEX alerts_environment ON {s}.alerts (environment_id, side, endpoint_id) WHERE NOT deleted")
    op.execute(f"CREATE INDEX alerts_method ON {s}.alerts (alert_method_id) WHERE NOT deleted")
    op.execute(
        f"""CREATE TABLE {s}.samples (
            environment_id uuid NOT NULL,
            side text NOT NULL,
            endpoint_id text NOT NULL,
            sampled_at timestamptz NOT NULL,
            bitrate_kbps double precision NOT NULL,
            jitter_ms double precision NOT NULL,
            loss_millipercent double precision NOT NULL,
            rtt_ms double precision NOT NULL,
            dropped double precision NOT NULL,
            connected double precision NOT NULL,
            PRIMARY KEY (environment_id, side, endpoint_id, sampled_at)
        )"""
    )
    op.execute(f"CREATE INDEX samples_sampled_at ON {s}.samples (sampled_at)")
    op.execute(full_sets_ddl(s))


def downgrade(schema: str) -> None:
    for table in ("full_sets", "samples", "alerts", "outputs", "inputs", "environments"):
        op.execute(f"DROP TABLE {schema}.{table}")
