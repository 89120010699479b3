"""The command line every service shares: serve (default), migrate, rebuild-projections."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from common import db
from common.http.app import ServiceSpec, run
from common.migrations import upgrade
from common.projections import Projection, differences, rebuild_into, replace_live


async def _rebuild(spec: ServiceSpec, projections: Sequence[Projection], apply: bool) -> int:
    pool = await db.create_pool(spec.settings.database_url, max_size=2)
    target = f"{spec.schema}_rebuild"
    try:
        await rebuild_into(pool, spec.schema, target, projections)
        drift = await differences(pool, spec.schema, target, projections)
        print({"differences": drift})  # noqa: T201 (a command-line report)
        if apply:
            await replace_live(pool, spec.schema, target, projections)
            print("live projection tables replaced")  # noqa: T201 (a command-line report)
        else:
            await pool.execute(f"DROP SCHEMA {target} CASCADE")
        return 1 if any(drift.values()) and not apply else 0
    finally:
        await pool.close()


def run_cli(argv: Sequence[str], spec: ServiceSpec, projections: Sequence[Projection]) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {spec.name}")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="run the service (default)")
    sub.add_parser("migrate", help="apply database migrations and exit")
    rebuild = sub.add_parser("rebuild-projections", help="replay events into fresh tables and compare")
    rebuild.add_argument("--apply", action="store_true", help="replace the live tables (stop the service first)")
    args = parser.parse_args(list(argv))
    if args.command == "migrate":
        upgrade(spec.settings.database_url, spec.schema, spec.migrations)
    elif args.command == "rebuild-projections":
        upgrade(spec.settings.database_url, spec.schema, spec.migrations)
        raise SystemExit(asyncio.run(_rebuild(spec, projections, args.apply)))
    else:
        run(spec)
