"""What other services and the agents hear from alerts' events: an alert raised or cleared becomes
``alerts.AlertRaised``/``alerts.AlertCleared`` for the deliveries, and each full alert set computed, or sent again,
the ``cenv.ApplyAlertSet`` that carries it to its environment's agent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from alerts.adapters import event_codec
from alerts.contract import events as published
from alerts.domain import events as e
from alerts.service_layer.alerts import KIND
from cenv_agent.contract.alerts import ApplyAlertSet
from common import full_sets
from common.contracts import Message
from common.eventstore import RecordedEvent

COMMAND_IDS = uuid.UUID("6b0f2d1e-3c47-4a8e-9f15-2d7c8e4a0b93")
EPISODES: dict[str, type[published.AlertEpisodeEvent]] = {
    event_codec.name_of(e.AlertRaised): published.AlertRaised,
    event_codec.name_of(e.AlertCleared): published.AlertCleared,
}


def command_id(environment_id: uuid.UUID, version: int) -> uuid.UUID:
    """One id per version of an environment's set: every send of that version is the same command."""
    return uuid.uuid5(COMMAND_IDS, f"{environment_id}/{KIND}/{version}")


def translate(recorded: RecordedEvent) -> Sequence[Message]:
    if recorded.type in EPISODES:
        episode = event_codec.decode(recorded)
        assert isinstance(episode, e.AlertEpisode)
        fields = episode.model_dump(exclude={"at", "query_value"})
        return [EPISODES[recorded.type].model_validate(
            {**fields, "query_value": list(episode.query_value), "occurred_at": episode.at})]  # fmt: skip
    event = full_sets.decode(recorded)
    if isinstance(event, full_sets.FullSetComputed | full_sets.FullSetResent) and event.set_kind == KIND:
        return [ApplyAlertSet.model_validate({
            "environment_id": event.target_id, "command_id": command_id(event.target_id, event.version),
            "version": event.version, "alerts": event.items,
        })]  # fmt: skip
    return []
