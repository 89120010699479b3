"""the environments, inputs and outputs the scheduler knows of, schedules, and the full sets pushed"""

from alembic import op

from common.full_sets import full_sets_ddl

revision = "0002"
down_revision = "0001"


def upgrade(schema: str) -> None:
    s = schema
    op.execute(f"""CREATE TABLE {s}.environments (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        state text NOT NULL
    )""")
    for table, organisation in (("inputs", "organisation_id"), ("outputs", "taker_organisation_id")):
        op.execute(f"""CREATE TABLE {s}.{table} (
            {organisation} integer NOT NULL,
            id text NOT NULL,
            environment_id uuid NOT NULL,
            version integer NOT NULL,
            deleted boolean NOT NULL,
            PRIMARY KEY ({organisation}, id)
        )""")
    op.execute(f"""CREATE TABLE {s}.schedules (
        id uuid PRIMARY KEY,
        organisation_id integer NOT NULL,
        environment_id uuid NOT NULL,
        input_organisation_id integer NOT NULL,
        input_id text NOT NULL,
        output_id text NOT NULL,
        start_time timestamptz NOT NULL,
        end_time timestamptz NOT NULL,
        deleted boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
    )""")
    op.execute(f"CREATE INDEX schedules_organisation ON {s}.schedules (organisation_id, start_time) WHERE NOT deleted")
    op.execute(f"CREATE INDEX schedules_environment ON {s}.schedules (environment_id, start_time) WHERE NOT deleted")
    op.execute(full_sets_ddl(schema))


def downgrade(schema: str) -> None:
    op.execute(f"DROP TABLE {schema}.environments, {schema}.inputs, {schema}.outputs, {schema}.schedules, "
               f"{schema}.full_sets")  # fmt: skip
