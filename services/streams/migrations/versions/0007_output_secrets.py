"""every credential of an output beside the log: SRT passwords, and RTMP addresses, which the log held in full
until now: they move beside it, and the log, the outputs list and the projections keep them masked"""

import json

from alembic import op
from sqlalchemy import text

from streams.domain.output_secrets import ADDRESSES, masked

revision = "0007"
down_revision = "0006"
RTMP = ADDRESSES["rtmp"]
CONFIGURATIONS = ("OutputCreated", "OutputChanged", "OutputConfigurationResent")


def _masked(settings: dict) -> dict:  # type: ignore[type-arg]
    return {name: masked(v) if name in RTMP and v is not None else v for name, v in settings.items()}


def upgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.output_secrets (
            organisation_id integer NOT NULL,
            output_id text NOT NULL,
            name text NOT NULL,
            value text NOT NULL,
            PRIMARY KEY (organisation_id, output_id, name)
        )"""
    )
    op.execute(f"""INSERT INTO {s}.output_secrets (organisation_id, output_id, name, value)
                   SELECT organisation_id, output_id, 'password', password FROM {s}.output_passwords""")
    op.execute(f"DROP TABLE {s}.output_passwords")
    connection = op.get_bind()
    live = f"SELECT taker_organisation_id, id, output_settings FROM {s}.outputs WHERE output_type = 'rtmp'"
    keep = text(f"INSERT INTO {s}.output_secrets VALUES (:taker, :id, :name, :value) ON CONFLICT DO NOTHING")
    hide = text(f"""UPDATE {s}.outputs SET output_settings = CAST(:settings AS jsonb)
                    WHERE taker_organisation_id = :taker AND id = :id""")
    for taker, output_id, settings in connection.execute(text(live)).fetchall():
        for name in RTMP:
            if settings.get(name) is not None:
                connection.execute(keep, {"taker": taker, "id": output_id, "name": name, "value": settings[name]})
        connection.execute(hide, {"settings": json.dumps(_masked(settings)), "taker": taker, "id": output_id})
    logged = text(f"""SELECT position, data FROM {s}.events
                      WHERE type = ANY(:types) AND data->>'kind' = 'rtmp'""")
    rewrite = text(f"UPDATE {s}.events SET data = CAST(:data AS jsonb) WHERE position = :position")
    for position, data in connection.execute(logged, {"types": list(CONFIGURATIONS)}).fetchall():
        rewritten = {**data, "settings": _masked(data["settings"])}
        connection.execute(rewrite, {"data": json.dumps(rewritten), "position": position})


def downgrade(schema: str) -> None:
    s = schema
    op.execute(
        f"""CREATE TABLE {s}.output_passwords (
            organisation_id integer NOT NULL,
            output_id text NOT NULL,
            password text NOT NULL,
            PRIMARY KEY (organisation_id, output_id)
        )"""
    )
    op.execute(f"""INSERT INTO {s}.output_passwords SELECT organisation_id, output_id, value
                   FROM {s}.output_secrets WHERE name = 'password'""")
    op.execute(f"DROP TABLE {s}.output_secrets")
