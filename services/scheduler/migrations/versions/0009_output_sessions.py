"""the history API (P09): output sessions as agents reported them, the newest 10,000 per organisation, with the
media streams each carried"""

from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"""CREATE TABLE {s}.output_sessions (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        environment_id uuid NOT NULL,
        schedule_id uuid NOT NULL,
        input_id text NOT NULL,
        output_id text NOT NULL,
        start_time timestamptz NOT NULL,
        end_time timestamptz NOT NULL,
        duration_seconds double precision NOT NULL,
        disconnect_reason text NOT NULL
    )""")
    op.execute(f"CREATE INDEX output_sessions_newest ON {s}.output_sessions (organisation_id, end_time DESC, id DESC)")
    op.execute(f"""CREATE TABLE {s}.session_media_streams (
        session_id uuid NOT NULL REFERENCES {s}.output_sessions (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        stream_type text NOT NULL,
        start_time timestamptz NOT NULL,
        end_time timestamptz NOT NULL,
        rx_bitrate_kbps integer NOT NULL,
        rx_packets bigint NOT NULL,
        rx_packet_loss double precision NOT NULL,
        rx_jitter_ms double precision NOT NULL,
        tx_bitrate_kbps integer NOT NULL,
        tx_packets bigint NOT NULL,
        tx_packet_loss double precision NOT NULL,
        tx_rtt_ms double precision NOT NULL,
        tx_dropped bigint NOT NULL,
        PRIMARY KEY (session_id, position)
    )""")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.session_media_streams, {schema}.output_sessions")
