"""Which integration events raise which notification category, for which organisation, saying what.

A source is data: the message type, its category (``alerts.contract.categories``) and a message template
filled from the event's fields. The consumer has one handler for all of them.
"""

from __future__ import annotations

from typing import NamedTuple

from billing.contract import events as billing
from common.contracts import OrganisationEvent
from environments.contract import events as environments
from streams.contract import events as streams


class Source(NamedTuple):
    category: str
    template: str
    resource_field: str | None = "environment_id"

    def message(self, event: OrganisationEvent) -> str:
        return self.template.format(**event.model_dump())

    def resource_id(self, event: OrganisationEvent) -> str | None:
        return None if self.resource_field is None else str(getattr(event, self.resource_field))


SOURCES: dict[type[OrganisationEvent], Source] = {
    environments.EnvironmentBecameRunning: Source("environment_running", "Environment {environment_id} is running"),
    environments.EnvironmentBecameUnreachable: Source(
        "environment_unreachable", "Environment {environment_id} became unreachable"
    ),
    environments.EnvironmentRecovered: Source("environment_recovered", "Environment {environment_id} recovered"),
    environments.EnvironmentDegraded: Source(
        "environment_degraded", "Environment {environment_id} is degraded: {reason}"
    ),
    environments.EnvironmentDeleted: Source("environment_deleted", "Environment {environment_id} was deleted"),
    streams.InputRunningHot: Source(
        "input_running_hot",
        "Input {input_id} is running hot: {bitrate_kbps} kbps, near its maximum of {max_allowed_bitrate_kbps} kbps",
        "input_id",
    ),
    streams.InputStoppedForBitrate: Source(
        "input_stopped",
        "Input {input_id} was stopped: {bitrate_kbps} kbps, over its maximum of {max_allowed_bitrate_kbps} kbps",
        "input_id",
    ),
    billing.CreditsExhausted: Source(
        "credits_exhausted", "Your organisation has used up its free credits", resource_field=None
    ),
    billing.CreditsLow: Source(
        "credits_low", "Your organisation's free credits in {currency} are running low", resource_field=None
    ),
    billing.ChargeDeclined: Source(
        "charge_declined",
        "The charge of {amount} {currency} for your consumption up to {hour} was declined: {reason}",
        resource_field="charge_id",
    ),
}
