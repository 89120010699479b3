"""Decisions on what a guest may take: the invitation's flags, input and label grants, per-environment settings."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from common.errors import Conflict, NotFound
from gateway.domain.events import (
    Event,
    SourceEnvironmentSettingsChanged,
    SourceInputGranted,
    SourceInputRevoked,
    SourceLabelGranted,
    SourceLabelRevoked,
    SourcePermissionsUpdated,
)
from gateway.domain.source_invitations import (
    EnvironmentSettings,
    SourceInvitation,
    event,
    live,
)


def update_flags(inv: SourceInvitation, changes: Mapping[str, Any]) -> list[Event]:
    """Set the flags the caller sent; unregistering revokes every input and label grant (A215)."""
    current = live(inv).flags
    wanted = replace(current, **{k: v for k, v in changes.items() if v is not None})
    if wanted == current:
        return []
    updated: list[Event] = [event(inv, SourcePermissionsUpdated, **asdict(wanted))]
    if current.registered and not wanted.registered:
        updated += [event(inv, SourceInputRevoked, input_id=i) for i in sorted(inv.inputs)]
        updated += [event(inv, SourceLabelRevoked, label_id=label) for label in sorted(inv.labels, key=str)]
    return updated


def _registered(inv: SourceInvitation) -> SourceInvitation:
    if not live(inv).flags.registered:
        raise Conflict("this source invitation is not registered; register it before granting access")
    return inv


def grant_input(inv: SourceInvitation, input_id: str, environment_id: uuid.UUID | None) -> list[Event]:
    if input_id in _registered(inv).inputs:
        raise Conflict("the guest already has access to this input", "input_id")
    return [event(inv, SourceInputGranted, input_id=input_id, environment_id=environment_id)]


def revoke_input(inv: SourceInvitation, input_id: str) -> list[Event]:
    if input_id not in live(inv).inputs:
        raise NotFound("the guest has no access to this input")
    return [event(inv, SourceInputRevoked, input_id=input_id)]


def grant_label(inv: SourceInvitation, label_id: uuid.UUID) -> list[Event]:
    if label_id in _registered(inv).labels:
        raise Conflict("the guest already has access to this label", "label_id")
    return [event(inv, SourceLabelGranted, label_id=label_id)]


def revoke_label(inv: SourceInvitation, label_id: uuid.UUID) -> list[Event]:
    if label_id not in live(inv).labels:
        raise NotFound("the guest has no access to this label")
    return [event(inv, SourceLabelRevoked, label_id=label_id)]


def _environment_settings(inv: SourceInvitation, environment_id: uuid.UUID, **changes: Any) -> list[Event]:
    current = live(inv).environments.get(environment_id, EnvironmentSettings())
    wanted = replace(current, **changes)
    if wanted == current:
        return []
    return [event(inv, SourceEnvironmentSettingsChanged, environment_id=environment_id, **asdict(wanted))]


def set_channel_visibility(inv: SourceInvitation, environment_id: uuid.UUID, show_all_channels: bool) -> list[Event]:
    return _environment_settings(inv, environment_id, show_all_channels=show_all_channels)


def set_max_destinations(inv: SourceInvitation, environment_id: uuid.UUID | None, max_destinations: int) -> list[Event]:
    """Per environment when one is named (A219's override), else the invitation's global maximum."""
    if environment_id is None:
        return update_flags(inv, {"global_max_destinations": max_destinations})
    return _environment_settings(inv, environment_id, max_destinations=max_destinations)
