"""the Event Center façade (K01–K08): events' integer ids, its attributes and audit fields on the events
projection, events without a source, and the organisations' tags"""

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"CREATE SEQUENCE {s}.event_numbers")
    op.execute(f"""ALTER TABLE {s}.live_events
        ALTER COLUMN environment_id DROP NOT NULL,
        ADD COLUMN number bigint NOT NULL DEFAULT 0,
        ADD COLUMN version integer NOT NULL DEFAULT 0,
        ADD COLUMN customer_event_id text,
        ADD COLUMN audience_size bigint,
        ADD COLUMN audience_locations text[] NOT NULL DEFAULT '{{}}',
        ADD COLUMN coordinators text[] NOT NULL DEFAULT '{{}}',
        ADD COLUMN tags text[] NOT NULL DEFAULT '{{}}',
        ADD COLUMN objects jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN created_by text NOT NULL DEFAULT '',
        ADD COLUMN modified_by text NOT NULL DEFAULT ''""")
    op.execute(f"CREATE INDEX live_events_number ON {s}.live_events (number)")
    op.execute(f"""CREATE TABLE {s}.event_tags (
        organisation_id integer NOT NULL,
        id integer NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (organisation_id, id)
    )""")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP TABLE {s}.event_tags")
    op.execute(f"DROP SEQUENCE {s}.event_numbers")
    op.execute(f"""ALTER TABLE {s}.live_events DROP COLUMN number, DROP COLUMN version,
        DROP COLUMN customer_event_id, DROP COLUMN audience_size, DROP COLUMN audience_locations,
        DROP COLUMN coordinators, DROP COLUMN tags, DROP COLUMN objects, DROP COLUMN created_by,
        DROP COLUMN modified_by""")
