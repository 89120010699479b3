"""Rows of the environments projections as API objects."""

from __future__ import annotations

from typing import Any


def uri(environment_id: object) -> str:
    return f"/api/customer_environment/{environment_id}"


def environment_view(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "organisation_id": row["organisation_id"],
        "cloud_provider": row["cloud_provider"],
        "region": row["region"],
        "instance_type": row["instance_type"],
        "state": row["state"],
        "health": row["health"],
        "state_reason": row["state_reason"],
        "agent_version": row["agent_version"],
        "provisioning_attempts": row["provisioning_attempts"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "resource_uri": uri(row["id"]),
    }


def guest_view(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "organisation_id": row["organisation_id"],
        "region": row["region"],
        "state": row["state"],
        "resource_uri": uri(row["id"]),
    }


def status_view(row: Any) -> dict[str, Any]:
    load = row["load"]
    return {
        "id": row["id"],
        "name": row["name"],
        "state": row["state"],
        "health": row["health"],
        "media_state": row["media_state"],
        "last_heartbeat_at": row["last_heartbeat_at"],
        "load": load,
        "resource_uri": f"/api/status/customer_environment/{row['id']}/",
    }
