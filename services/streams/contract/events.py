"""Integration events about outputs bound to permanent-schedule agreements.

Billing consumes them (it assigns and releases the agreements); streams does not publish them yet: an output
created on an agreement is to announce ``OutputBoundToAgreement``, and deleting it (A102) ``OutputDeleted``.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from common.contracts import OrganisationEvent


class OutputBoundToAgreement(OrganisationEvent):
    """A permanently scheduled output of ``organisation_id`` (its taker) was created on ``agreement_id``."""

    TYPE: ClassVar[str] = "streams.OutputBoundToAgreement"
    environment_id: uuid.UUID
    output_id: str
    agreement_id: uuid.UUID


class OutputDeleted(OrganisationEvent):
    """An output was deleted (A102); ``agreement_id`` is the agreement it was bound to, if any."""

    TYPE: ClassVar[str] = "streams.OutputDeleted"
    environment_id: uuid.UUID
    output_id: str
    agreement_id: uuid.UUID | None = None
