"""Request and response models of the gateway's own routes; the role matrix names them ``schemas:Class``."""

from gateway.entrypoints.schemas.identity import *  # noqa: F403
from gateway.entrypoints.schemas.lists import *  # noqa: F403
from gateway.entrypoints.schemas.sources import *  # noqa: F403
