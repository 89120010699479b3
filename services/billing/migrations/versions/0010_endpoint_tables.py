"""the usage tables hold inputs and outputs (``side``) since 0009: named for endpoints, their id ``endpoint_id``"""

from alembic import op

revision = "0010"
down_revision = "0009"

RENAMED = {"metered_outputs": "metered_endpoints", "output_changes": "endpoint_changes",
           "output_intervals": "endpoint_intervals"}  # fmt: skip


def _rename(schema: str, names: dict[str, str], column: tuple[str, str]) -> None:
    for old, new in names.items():
        op.execute(f"ALTER TABLE {schema}.{old} RENAME TO {new}")
        op.execute(f"ALTER TABLE {schema}.{new} RENAME CONSTRAINT {old}_pkey TO {new}_pkey")
        op.execute(f"ALTER TABLE {schema}.{new} RENAME COLUMN {column[0]} TO {column[1]}")


def upgrade(schema: str) -> None:
    _rename(schema, RENAMED, ("output_id", "endpoint_id"))


def downgrade(schema: str) -> None:
    _rename(schema, {new: old for old, new in RENAMED.items()}, ("endpoint_id", "output_id"))
