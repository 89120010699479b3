"""inputs' and outputs' statistics: the time series of samples, live answers (the bitrate guard's marks on inputs
came with 0009)"""

from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.statistics_samples (
                environment_id uuid NOT NULL,
                side text NOT NULL CHECK (side IN ('input', 'output')),
                endpoint_id text NOT NULL,
                sampled_at timestamptz NOT NULL,
                bitrate_kbps integer NOT NULL,
                jitter_ms real NOT NULL,
                loss_millipercent integer NOT NULL,
                rtt_ms real NOT NULL,
                dropped bigint NOT NULL,
                packets bigint NOT NULL,
                uptime_seconds integer NOT NULL,
                connected boolean NOT NULL,
                PRIMARY KEY (environment_id, side, endpoint_id, sampled_at)
            )"""
    )
    op.execute(f"CREATE INDEX statistics_samples_age ON {s}.statistics_samples USING brin (sampled_at)")
    op.execute(
        f"""CREATE TABLE {s}.statistics_answers (
                request_id uuid PRIMARY KEY,
                environment_id uuid NOT NULL,
                sampled_at timestamptz NOT NULL,
                sample jsonb,
                received_at timestamptz NOT NULL DEFAULT now()
            )"""
    )


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP TABLE {s}.statistics_answers")
    op.execute(f"DROP TABLE {s}.statistics_samples")
