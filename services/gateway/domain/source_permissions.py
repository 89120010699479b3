"""Decisions on what a guest may take: the invitation's flags, input and label grants, per-environment settings."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from common.errors import Conflict, NotFound
from common.eventstore import NewEvent
from gateway.domain.source_invitations import (
    ENVIRONMENT_SETTINGS_CHANGED,
    INPUT_GRANTED,
    INPUT_REVOKED,
    LABEL_GRANTED,
    LABEL_REVOKED,
    PERMISSIONS_UPDATED,
    EnvironmentSettings,
    SourceInvitation,
    event,
    live,
)


def update_flags(inv: SourceInvitation, changes: Mapping[str, Any]) -> list[NewEvent]:
    """Set the flags the caller sent; unregistering revokes every input and label grant (A215)."""
    current = live(inv).flags
    wanted = replace(current, **{k: v for k, v in changes.items() if v is not None})
    if wanted == current:
        return []
    updated = [event(inv, PERMISSIONS_UPDATED, **asdict(wanted))]
    if current.registered and not wanted.registered:
        updated += [event(inv, INPUT_REVOKED, input_id=i) for i in sorted(inv.inputs)]
        updated += [event(inv, LABEL_REVOKED, label_id=str(label)) for label in sorted(inv.labels, key=str)]
    return updated


def _registered(inv: SourceInvitation) -> SourceInvitation:
    if not live(inv).flags.registered:
        raise Conflict("this source invitation is not registered; register it before granting access")
    return inv


def grant_input(inv: SourceInvitation, input_id: str, environment_id: uuid.UUID | None) -> list[NewEvent]:
    if input_id in _registered(inv).inputs:
        raise Conflict("the guest already has access to this input", "input_id")
    environment = str(environment_id) if environment_id else None
    return [event(inv, INPUT_GRANTED, input_id=input_id, environment_id=environment)]


def revoke_input(inv: SourceInvitation, input_id: str) -> list[NewEvent]:
    if input_id not in live(inv).inputs:
        raise NotFound("the guest has no access to this input")
    return [event(inv, INPUT_REVOKED, input_id=input_id)]


def grant_label(inv: SourceInvitation, label_id: uuid.UUID) -> list[NewEvent]:
    if label_id in _registered(inv).labels:
        raise Conflict("the guest already has access to this label", "label_id")
    return [event(inv, LABEL_GRANTED, label_id=str(label_id))]


def revoke_label(inv: SourceInvitation, label_id: uuid.UUID) -> list[NewEvent]:
    if label_id not in live(inv).labels:
        raise NotFound("the guest has no access to this label")
    return [event(inv, LABEL_REVOKED, label_id=str(label_id))]


def _environment_settings(inv: SourceInvitation, environment_id: uuid.UUID, **changes: Any) -> list[NewEvent]:
    current = live(inv).environments.get(environment_id, EnvironmentSettings())
    wanted = replace(current, **changes)
    if wanted == current:
        return []
    return [event(inv, ENVIRONMENT_SETTINGS_CHANGED, environment_id=str(environment_id), **asdict(wanted))]


def set_channel_visibility(inv: SourceInvitation, environment_id: uuid.UUID, show_all_channels: bool) -> list[NewEvent]:
    return _environment_settings(inv, environment_id, show_all_channels=show_all_channels)


def set_max_destinations(
    inv: SourceInvitation, environment_id: uuid.UUID | None, max_destinations: int
) -> list[NewEvent]:
    """Per environment when one is named (A219's override), else the invitation's global maximum."""
    if environment_id is None:
        return update_flags(inv, {"global_max_destinations": max_destinations})
    return _environment_settings(inv, environment_id, max_destinations=max_destinations)
