"""``python -m scheduler [serve|migrate|rebuild-projections]``."""

from __future__ import annotations

import sys

from common.logging import configure_logging
from common.service_cli import run_cli
from scheduler.bootstrap import PROJECTIONS, spec
from scheduler.config import SchedulerSettings


def main(argv: list[str]) -> None:
    settings = SchedulerSettings()
    configure_logging("scheduler", settings.log_level)
    run_cli(argv, spec(settings), PROJECTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
