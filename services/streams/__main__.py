"""``python -m streams [serve|migrate|rebuild-projections]``."""

from __future__ import annotations

import sys

from common.logging import configure_logging
from common.service_cli import run_cli
from streams.adapters.projections import PROJECTIONS
from streams.bootstrap import spec
from streams.config import StreamsSettings


def main(argv: list[str]) -> None:
    settings = StreamsSettings()
    configure_logging("streams", settings.log_level)
    run_cli(argv, spec(settings), PROJECTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
