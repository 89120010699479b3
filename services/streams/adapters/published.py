"""The integration events streams' domain events become (``streams.contract.events``): one per input or output
created or deleted, with its configuration version, one per input reconfigured (the scheduler weighs its bitrate),
an output's binding to an agreement, and each answer of an agent saying whether an input's or output's media runs
(billing meters stream and output hours from them). Events recorded before versions publish nothing."""

from __future__ import annotations

from common.contracts import OrganisationEvent
from streams.contract import events as published
from streams.domain import events as e
from streams.domain.bitrates import bitrate_of


def published_of(event: e.DomainEvent) -> list[OrganisationEvent]:
    match event:
        case e.InputCreated(version=version) if version:
            return [published.InputCreated(organisation_id=event.organisation_id, environment_id=event.environment_id,
                                           input_id=event.input_id, version=version,
                                           bitrate_kbps=bitrate_of(event.settings))]  # fmt: skip
        case e.InputChanged(version=version) | e.InputStarted(version=version) | e.InputStopped(version=version) if (
            version
        ):
            return [published.InputReconfigured(organisation_id=event.organisation_id,
                                                environment_id=event.environment_id, input_id=event.input_id,
                                                version=version, bitrate_kbps=bitrate_of(event.settings))]  # fmt: skip
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
        case e.InputHeldByAgent(running=bool(running)):
            said = published.InputRunning if running else published.InputStopped
            return [said(organisation_id=event.organisation_id, environment_id=event.environment_id,
                         input_id=event.input_id, version=event.version,
                         bitrate_kbps=event.bitrate_kbps or 0)]  # fmt: skip
    return []
