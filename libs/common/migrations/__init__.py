"""Per-schema migrations with Alembic: each service keeps its own version table in its own schema."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_config(database_url: str, schema: str, script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(database_url))
    config.attributes["schema"] = schema
    return config


def sqlalchemy_url(database_url: str) -> str:
    scheme, _, rest = database_url.partition("://")
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+asyncpg://{rest}"
    return database_url


def upgrade(database_url: str, schema: str, script_location: Path, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url, schema, script_location), revision)


async def upgrade_async(database_url: str, schema: str, script_location: Path) -> None:
    """Alembic's env runs its own event loop, so it goes to a worker thread."""
    await asyncio.to_thread(upgrade, database_url, schema, script_location)
