"""``python -m gateway [serve|migrate|bootstrap-admin|rebuild-projections]``."""

from __future__ import annotations

import asyncio
import os
import sys

from common import db
from common.errors import Conflict, Invalid
from common.eventstore import PostgresEventStore
from common.logging import configure_logging
from common.migrations import upgrade
from common.service_cli import run_cli
from gateway.adapters.projections import PROJECTIONS
from gateway.adapters.units import PostgresUnits
from gateway.bootstrap import MIGRATIONS, spec
from gateway.config import GatewaySettings
from gateway.context import SCHEMA
from gateway.service_layer.accounts import bootstrap_superuser


async def _bootstrap_admin(settings: GatewaySettings) -> None:
    email = os.environ.get("SWITCHYARD_ADMIN_EMAIL") or "admin@switchyard.local"
    password = os.environ.get("SWITCHYARD_ADMIN_PASSWORD") or None
    pool = await db.create_pool(settings.database_url, max_size=2)
    try:
        result = await bootstrap_superuser(PostgresUnits(PostgresEventStore(pool, SCHEMA)), email, password)
    except (Conflict, Invalid) as exc:
        sys.exit(f"bootstrap-admin: {exc}")
    finally:
        await pool.close()
    shown = "(from SWITCHYARD_ADMIN_PASSWORD)" if password else result.password
    print(f"Superuser: {email}  password: {shown}", flush=True)  # noqa: T201 (a command-line report)


def main(argv: list[str]) -> None:
    settings = GatewaySettings()
    configure_logging("gateway", settings.log_level)
    if argv[:1] == ["bootstrap-admin"]:
        upgrade(settings.database_url, SCHEMA, MIGRATIONS)
        asyncio.run(_bootstrap_admin(settings))
        return
    run_cli(argv, spec(settings), PROJECTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
