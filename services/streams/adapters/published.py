"""The integration events streams' domain events become (``streams.contract.events``): one per input or output
created or deleted, with its configuration version, an output's binding to an agreement, and each answer of an
agent saying whether an output's media runs (billing meters output hours from them). Events recorded before
versions publish nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.contracts import OrganisationEvent
from streams.contract import events as published
from streams.domain import events as e

BITRATE_FIELDS = ("max_allowed_bitrate_kbps", "max_bitrate_kbps", "bitrate")


def bitrate_of(settings: Mapping[str, Any]) -> int:
    """The most the input may reach: its bitrate guard's maximum, else its kind's own bitrate setting (0: none)."""
    return next((int(settings[f]) for f in BITRATE_FIELDS if settings.get(f)), 0)


def published_of(event: e.DomainEvent) -> list[OrganisationEvent]:
    match event:
        case e.InputCreated(version=version) if version:
            return [published.InputCreated(organisation_id=event.organisation_id, environment_id=event.environment_id,
                                           input_id=event.input_id, version=version,
                                           bitrate_kbps=bitrate_of(event.settings))]  # fmt: skip
        case e.InputDeleted(version=version) if version:
            return [published.InputDeleted(organisation_id=event.organisation_id, environment_id=event.environment_id,
                                           input_id=event.input_id, version=version)]  # fmt: skip
        case e.OutputCreated(version=version):
            created = published.OutputCreated(organisation_id=event.organisation_id,
                                              environment_id=event.environment_id, output_id=event.output_id,
                                              version=version)  # fmt: skip
            if event.agreement_id is None:
                return [created]
            return [created, published.OutputBoundToAgreement(
                organisation_id=event.organisation_id, environment_id=event.environment_id,
                output_id=event.output_id, agreement_id=event.agreement_id)]  # fmt: skip
        case e.OutputDeleted(version=version):
            return [published.OutputDeleted(organisation_id=event.organisation_id,
                                            environment_id=event.environment_id, output_id=event.output_id,
                                            version=version, agreement_id=event.agreement_id)]  # fmt: skip
        case e.OutputHeldByAgent(running=bool(running)):
            told = published.OutputRunning if running else published.OutputStopped
            return [told(organisation_id=event.organisation_id, environment_id=event.environment_id,
                         output_id=event.output_id, version=event.version,
                         bitrate_kbps=event.bitrate_kbps or 0)]  # fmt: skip
    return []
