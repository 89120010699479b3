"""``python -m billing [serve|migrate|rebuild-projections]``."""

from __future__ import annotations

import sys

from billing.adapters.projections import PROJECTIONS
from billing.bootstrap import spec
from billing.config import BillingSettings
from common.logging import configure_logging
from common.service_cli import run_cli


def main(argv: list[str]) -> None:
    settings = BillingSettings()
    configure_logging("billing", settings.log_level)
    run_cli(argv, spec(settings), PROJECTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
