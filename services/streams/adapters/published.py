"""The integration events streams' domain events become (``streams.contract.events``): one per input or output
created or deleted, with its configuration version, and each answer of an agent saying whether an output's media
runs (billing meters output hours from them). Events recorded before versions publish nothing."""

from __future__ import annotations

from streams.contract import events as published
from streams.domain import events as e


def published_of(event: e.DomainEvent) -> list[published.EndpointEvent]:
    match event:
        case e.InputCreated(version=version) if version:
            return [published.InputCreated(organisation_id=event.organisation_id, environment_id=event.environment_id,
                                           input_id=event.input_id, version=version)]  # fmt: skip
        case e.InputDeleted(version=version) if version:
            return [published.InputDeleted(organisation_id=event.organisation_id, environment_id=event.environment_id,
                                           input_id=event.input_id, version=version)]  # fmt: skip
        case e.OutputCreated(version=version):
            return [published.OutputCreated(organisation_id=event.organisation_id,
                                            environment_id=event.environment_id, output_id=event.output_id,
                                            version=version)]  # fmt: skip
        case e.OutputDeleted(version=version):
            return [published.OutputDeleted(organisation_id=event.organisation_id,
                                            environment_id=event.environment_id, output_id=event.output_id,
                                            version=version)]  # fmt: skip
        case e.OutputHeldByAgent(running=bool(running)):
            told = published.OutputRunning if running else published.OutputStopped
            return [told(organisation_id=event.organisation_id, environment_id=event.environment_id,
                         output_id=event.output_id, version=event.version,
                         bitrate_kbps=event.bitrate_kbps or 0)]  # fmt: skip
    return []
