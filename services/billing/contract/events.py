"""The integration events billing publishes."""

from __future__ import annotations

from typing import ClassVar

from common.contracts import OrganisationEvent


class CreditsExhausted(OrganisationEvent):
    """An organisation on free credits has used them all up."""

    TYPE: ClassVar[str] = "billing.CreditsExhausted"
