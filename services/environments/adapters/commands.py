"""Commands the environments service sends itself over the bus; private, so not in the public contract."""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import Field

from common.contracts import Command


class ProvisionEnvironment(Command):
    """Start the environment's machine and agent (attempt n; a stale attempt is ignored)."""

    TYPE: ClassVar[str] = "environments.ProvisionEnvironment"
    environment_id: uuid.UUID
    attempt: int = Field(ge=1)


class DecommissionEnvironment(Command):
    """Release the machine, the agent's broker user and its queue: the environment is going away."""

    TYPE: ClassVar[str] = "environments.DecommissionEnvironment"
    environment_id: uuid.UUID
