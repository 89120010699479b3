"""DDL for the tables of every service schema: events (the outbox), relay checkpoint, inbox, idempotency."""

from __future__ import annotations

from common.db import identifier


def spine_ddl(schema: str) -> list[str]:
    s = identifier(schema)
    return [
        f"""
        CREATE TABLE {s}.events (
            position bigserial PRIMARY KEY,
            stream_id text NOT NULL,
            version integer NOT NULL CHECK (version > 0),
            type text NOT NULL,
            data jsonb NOT NULL,
            metadata jsonb NOT NULL,
            txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            recorded_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (stream_id, version)
        )
        """,
        f"CREATE INDEX events_commit_order ON {s}.events (txid, position)",
        f"""
        CREATE TABLE {s}.relay_checkpoint (
            relay text PRIMARY KEY,
            txid xid8 NOT NULL,
            position bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        f"""
        CREATE TABLE {s}.relay_failures (
            position bigint PRIMARY KEY,
            stream_id text NOT NULL,
            version integer NOT NULL,
            type text NOT NULL,
            error text NOT NULL,
            failed_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        f"""
        CREATE TABLE {s}.inbox (
            consumer text NOT NULL,
            message_id uuid NOT NULL,
            message_type text NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, message_id)
        )
        """,
        f"""
        CREATE TABLE {s}.idempotency_keys (
            owner text NOT NULL,
            key text NOT NULL,
            request_hash text NOT NULL,
            status integer,
            headers jsonb,
            body bytea,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (owner, key)
        )
        """,
    ]
