"""events (A119–A125): the events projection, their images beside the log, subscriptions in the schedules
projection, and what the gateway says of labels, memberships and source invitations (who may see an event)"""

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"""CREATE TABLE {s}.live_events (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        environment_id uuid NOT NULL,
        input_id text NOT NULL,
        name text NOT NULL,
        description text NOT NULL,
        label_ids uuid[] NOT NULL,
        start_time timestamptz NOT NULL,
        end_time timestamptz NOT NULL,
        image text,
        deleted boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
    )""")
    op.execute(f"CREATE INDEX live_events_organisation ON {s}.live_events (organisation_id, start_time) "
               f"WHERE NOT deleted")  # fmt: skip
    op.execute(f"""CREATE TABLE {s}.event_images (
        event_id uuid PRIMARY KEY,
        digest text NOT NULL,
        image bytea NOT NULL
    )""")
    op.execute(f"ALTER TABLE {s}.schedules ADD COLUMN event_id uuid, "
               f"ADD COLUMN timed_by_event_owner boolean NOT NULL DEFAULT false")  # fmt: skip
    op.execute(f"CREATE INDEX schedules_event ON {s}.schedules (event_id) WHERE event_id IS NOT NULL")
    op.execute(f"""CREATE TABLE {s}.labels (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        deleted boolean NOT NULL DEFAULT false
    )""")
    op.execute(f"""CREATE TABLE {s}.memberships (
        user_id uuid NOT NULL,
        organisation_id integer NOT NULL,
        PRIMARY KEY (user_id, organisation_id)
    )""")
    op.execute(f"""CREATE TABLE {s}.guest_invitations (
        invitation_id uuid PRIMARY KEY,
        owner_organisation_id integer NOT NULL,
        guest_organisation_id integer,
        registered boolean NOT NULL DEFAULT true,
        show_all_events boolean NOT NULL DEFAULT false,
        permissions_as_of timestamptz,
        deleted boolean NOT NULL DEFAULT false
    )""")
    op.execute(f"CREATE INDEX guest_invitations_guest ON {s}.guest_invitations (guest_organisation_id)")
    op.execute(f"""CREATE TABLE {s}.guest_label_grants (
        invitation_id uuid NOT NULL,
        label_id uuid NOT NULL,
        PRIMARY KEY (invitation_id, label_id)
    )""")


def downgrade(schema: str) -> None:
    s = schema
    op.execute(f"DROP TABLE {s}.live_events, {s}.event_images, {s}.labels, {s}.memberships, {s}.guest_invitations, "
               f"{s}.guest_label_grants")  # fmt: skip
    op.execute(f"ALTER TABLE {s}.schedules DROP COLUMN event_id, DROP COLUMN timed_by_event_owner")
