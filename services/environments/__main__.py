"""``python -m environments [serve|migrate|rebuild-projections]``."""

from __future__ import annotations

import sys

from common.logging import configure_logging
from common.service_cli import run_cli
from environments.adapters.projections import PROJECTIONS
from environments.bootstrap import spec
from environments.config import EnvironmentsSettings


def main(argv: list[str]) -> None:
    settings = EnvironmentsSettings()
    configure_logging("environments", settings.log_level)
    run_cli(argv, spec(settings), PROJECTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
