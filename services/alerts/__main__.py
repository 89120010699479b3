"""``python -m alerts [serve|migrate|rebuild-projections]``."""

from __future__ import annotations

import sys

from alerts.adapters.projections import PROJECTIONS
from alerts.bootstrap import spec
from alerts.config import AlertsSettings
from common.logging import configure_logging
from common.service_cli import run_cli


def main(argv: list[str]) -> None:
    settings = AlertsSettings()
    configure_logging("alerts", settings.log_level)
    run_cli(argv, spec(settings), PROJECTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
