"""Guests' label grants (the gateway's A117/A118) and the scheduler's live events with their labels: a guest puts
alerts on an input shown to it through a live event whose label it was granted (decision 75)"""

from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.guest_label_grants (
            invitation_id uuid NOT NULL REFERENCES {s}.guest_invitations ON DELETE CASCADE,
            label_id uuid NOT NULL,
            granted boolean NOT NULL,
            as_of timestamptz NOT NULL,
            PRIMARY KEY (invitation_id, label_id)
        )"""
    )
    op.execute(
        f"""CREATE TABLE {s}.shown_events (
            event_id uuid PRIMARY KEY,
            organisation_id integer NOT NULL,
            environment_id uuid,
            input_id text NOT NULL,
            label_ids uuid[] NOT NULL,
            version integer NOT NULL,
            withdrawn boolean NOT NULL DEFAULT false
        )"""
    )
    op.execute(f"CREATE INDEX shown_events_environment ON {s}.shown_events (environment_id) WHERE NOT withdrawn")


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.shown_events, {schema}.guest_label_grants")
