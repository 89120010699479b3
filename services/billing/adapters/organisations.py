"""The organisations billing has heard of from the gateway, with their current currency: a read model of
``OrganisationCreated``, ``OrganisationUpdated`` and ``OrganisationDeleted``, and the ``Organisations`` port."""

from __future__ import annotations

from typing import Any, cast

from billing.contract.schemas import Currency

DEFAULT_CURRENCY: Currency = "usd"


class PostgresOrganisations:
    def __init__(self, db: Any, schema: str) -> None:
        self.db, self.s = db, schema

    async def currency_of(self, organisation_id: int) -> Currency | None:
        """``None`` for an organisation billing has not heard of, or one deleted."""
        sql = f"SELECT currency FROM {self.s}.organisations WHERE organisation_id = $1"
        return cast(Currency | None, await self.db.fetchval(sql, organisation_id))

    async def created(self, organisation_id: int) -> None:
        await self.db.execute(
            f"""INSERT INTO {self.s}.organisations (organisation_id) SELECT $1
                WHERE NOT EXISTS (SELECT 1 FROM {self.s}.deleted_organisations WHERE organisation_id = $1)
                ON CONFLICT DO NOTHING""",
            organisation_id,
        )

    async def currency_changed(self, organisation_id: int, currency: str) -> None:
        sql = f"UPDATE {self.s}.organisations SET currency = $2 WHERE organisation_id = $1"
        await self.db.execute(sql, organisation_id, currency)

    async def deleted(self, organisation_id: int) -> None:
        await self.db.execute(f"DELETE FROM {self.s}.organisations WHERE organisation_id = $1", organisation_id)
