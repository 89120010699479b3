"""A179: no one may create an organisation while another they created is still on free credits (the seed names
anyone logged in: superusers, accounts users and accounts admins included)."""

from __future__ import annotations

import secrets
import uuid

import pytest

from gateway.service_layer.accounts import register_user
from tests.integration.gateway.conftest import GatewayUnderTest


@pytest.mark.parametrize("role", ["is_superuser", "is_accounts_user", "is_accounts_admin"])
async def test_staff_too_hold_one_organisation_on_free_credits_at_a_time(gateway: GatewayUnderTest, role: str) -> None:
    email, password = f"staff-{uuid.uuid4().hex[:8]}@example.com", secrets.token_urlsafe(12)
    await register_user(gateway.units, email, password, **{role: True})
    staff = await gateway.api.login(email, password)
    first = (await staff.post("/api/organisations", {"name": "Staff Ltd"})).ok(201)
    assert first["payment_method"] == "free_credits"
    second = await staff.post("/api/organisations", {"name": "Staff Two Ltd"})
    assert second.status == 409 and "free credits" in second.body["detail"]
