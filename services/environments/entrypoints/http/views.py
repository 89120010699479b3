"""Rows of the environments projections as the contract's response models."""

from __future__ import annotations

from typing import Any

from environments.contract.schemas import (
    CloudProvider,
    EnvironmentDetails,
    EnvironmentStatus,
    EnvironmentView,
    GuestEnvironmentView,
    HistoryEntry,
    InstanceType,
    Region,
)


def uri(environment_id: object) -> str:
    return f"/api/customer_environment/{environment_id}"


def environment_view(row: Any) -> EnvironmentView:
    return EnvironmentView.model_validate({**row, "resource_uri": uri(row["id"])})


def environment_details(row: Any) -> EnvironmentDetails:
    """``jwt_token`` stays empty here: the gateway fills it in on the first read after creation finished."""
    return EnvironmentDetails.model_validate({**row, "resource_uri": uri(row["id"])})


def guest_view(row: Any) -> GuestEnvironmentView:
    return GuestEnvironmentView.model_validate({**row, "resource_uri": uri(row["id"])})


def status_view(row: Any) -> EnvironmentStatus:
    return EnvironmentStatus.model_validate({**row, "resource_uri": f"/api/status/customer_environment/{row['id']}/"})


def history_entry(row: Any) -> HistoryEntry:
    return HistoryEntry.model_validate(dict(row))


def provider_view(row: Any) -> CloudProvider:
    return CloudProvider.model_validate({**row, "resource_uri": f"/api/cloud_providers/{row['id']}/regions"})


def region_view(row: Any) -> Region:
    base = f"/api/cloud_providers/{row['cloud_provider']}/regions"
    return Region.model_validate({**row, "resource_uri": f"{base}/{row['id']}/instance_types"})


def instance_type_view(row: Any) -> InstanceType:
    base = f"/api/cloud_providers/{row['cloud_provider']}/regions/{row['region']}/instance_types"
    return InstanceType.model_validate({**row, "resource_uri": f"{base}#{row['id']}"})
