"""The gateway's use cases on the in-memory store and fakes: no Postgres, the same units the services run."""

from __future__ import annotations

import uuid

import pytest

from common.errors import Conflict, NotFound
from common.http.principal import Principal
from gateway.domain import organisations, users
from gateway.service_layer import invitations, labels, members, passwords, removals, source_invitations, switching
from gateway.service_layer.accounts import register_user
from gateway.service_layer.organisations import create_organisation, rotate_token
from gateway.service_layer.work import Unit
from tests.unit.gateway.fakes import MemoryUnits


def signed_in(user_id: uuid.UUID, organisation_id: int | None = None, role: str | None = None) -> Principal:
    return Principal(kind="user", user_id=user_id, managing_organisation_id=organisation_id, managing_role=role)


async def founder(units: MemoryUnits, email: str = "founder@example.com") -> tuple[uuid.UUID, int]:
    user_id = (await register_user(units, email, "a long enough password")).user_id
    return user_id, await create_organisation(units, signed_in(user_id), "Acme", "192.0.2.1")


async def joined(units: MemoryUnits, organisation_id: int, email: str, permission: str = "monitor") -> uuid.UUID:
    """A new address invited (A170) who chose their own password at first login."""
    await invitations.add_user(units, organisation_id, email, permission)  # type: ignore[arg-type]
    user_id = await units.directory.user_by_email(email)
    assert user_id is not None
    await passwords.choose(units, user_id, "my very own password", "first_login")
    return user_id


async def user_of(units: MemoryUnits, user_id: uuid.UUID) -> users.User:
    async def unit(work: Unit) -> users.User:
        return await work.load(users.stream(user_id), users.fold)

    return await units(unit)


async def organisation(units: MemoryUnits, organisation_id: int) -> organisations.Organisation:
    async def unit(work: Unit) -> organisations.Organisation:
        return await work.load(organisations.stream(organisation_id), organisations.fold)

    return await units(unit)


async def test_a_first_organisation_becomes_the_founders_context_on_free_credits() -> None:
    units = MemoryUnits()
    user_id, organisation_id = await founder(units)
    assert (await user_of(units, user_id)).managing_organisation_id == organisation_id
    org = await organisation(units, organisation_id)
    assert org.root_user_id == user_id and org.payment_method == "free_credits"


async def test_a_second_free_credit_organisation_is_refused() -> None:
    units = MemoryUnits()
    user_id, _ = await founder(units)
    with pytest.raises(Conflict):
        await create_organisation(units, signed_in(user_id), "Again", None)


async def test_an_address_that_exhausted_its_credits_gets_none() -> None:
    units = MemoryUnits()
    units.directory.exhausted_addresses.add("192.0.2.1")
    _, organisation_id = await founder(units)
    assert (await organisation(units, organisation_id)).payment_method == "none"


async def test_a_new_email_joins_only_by_choosing_its_own_password() -> None:
    units = MemoryUnits()
    _, organisation_id = await founder(units)
    invited = await invitations.add_user(units, organisation_id, "new@example.com", "operator")
    user_id = await units.directory.user_by_email("new@example.com")
    assert user_id is not None and units.vault.passwords[user_id] != invited.code
    assert not await units.directory.is_member(organisation_id, user_id)
    assert (await user_of(units, user_id)).password_is_temporary
    await passwords.choose(units, user_id, "my very own password", "first_login")
    assert await units.directory.is_member(organisation_id, user_id)
    assert (await user_of(units, user_id)).managing_organisation_id == organisation_id


async def test_an_existing_user_joins_only_with_the_invitations_code() -> None:
    units = MemoryUnits()
    _, organisation_id = await founder(units)
    other_id, other_org = await founder(units, "other@example.com")
    invited = await invitations.add_user(units, organisation_id, "OTHER@example.com", "admin")
    assert not (await user_of(units, other_id)).password_is_temporary, "an existing account keeps its password"
    with pytest.raises(NotFound):
        await invitations.accept_invitation(units, invited.invitation_id, other_id, "a guess at the code")
    await invitations.accept_invitation(units, invited.invitation_id, other_id, invited.code)
    assert await units.directory.is_member(organisation_id, other_id)
    assert (await user_of(units, other_id)).managing_organisation_id == other_org


async def test_removing_a_member_with_no_other_organisation_erases_the_user() -> None:
    units = MemoryUnits()
    founder_id, organisation_id = await founder(units)
    user_id = await joined(units, organisation_id, "gone@example.com")
    assert await members.remove_user(units, organisation_id, founder_id, user_id)
    assert (await user_of(units, user_id)).deleted and user_id not in units.vault.passwords


async def test_deleting_the_root_hands_root_to_the_earliest_admin() -> None:
    units = MemoryUnits()
    founder_id, organisation_id = await founder(units)
    heir = await joined(units, organisation_id, "heir@example.com", "admin")
    await removals.delete_user(units, founder_id, caller_id=None)
    assert (await organisation(units, organisation_id)).root_user_id == heir


async def test_a_failed_unit_leaves_the_fakes_as_they_were() -> None:
    units = MemoryUnits()
    founder_id, _ = await founder(units)
    before = await units.directory.membership_ids(founder_id)
    with pytest.raises(Conflict):
        await removals.delete_user(units, founder_id, caller_id=None)  # root, and no other admin
    assert await units.directory.membership_ids(founder_id) == before


async def test_only_the_invited_user_declines_and_then_the_invitation_goes() -> None:
    units = MemoryUnits()
    _, organisation_id = await founder(units)
    invited = await invitations.add_user(units, organisation_id, "invited@example.com", "monitor")
    user_id = await units.directory.user_by_email("invited@example.com")
    assert user_id is not None
    with pytest.raises(NotFound):
        await invitations.decline_invitation(units, invited.invitation_id, uuid.uuid4())
    await invitations.decline_invitation(units, invited.invitation_id, user_id)
    assert not (await organisation(units, organisation_id)).pending
    assert invited.invitation_id not in units.vault.invitation_codes


async def test_a_granted_label_cannot_be_deleted_until_revoked() -> None:
    units = MemoryUnits()
    owner_id, owner = await founder(units, "owner@example.com")
    _, guest = await founder(units, "guest@example.com")
    invitation_id, token = await source_invitations.create(units, owner, "Guest", owner_id)
    await source_invitations.accept(units, guest, token)
    label_id = await labels.create(units, owner, "sport")
    await source_invitations.grant_label(units, owner, invitation_id, label_id)
    with pytest.raises(Conflict):
        await labels.delete(units, owner, label_id)


async def test_a_guest_switched_to_the_owner_is_moved_back_when_the_invitation_goes() -> None:
    units = MemoryUnits()
    owner_id, owner = await founder(units, "owner@example.com")
    guest_id, guest = await founder(units, "guest@example.com")
    invitation_id, token = await source_invitations.create(units, owner, "Guest", owner_id)
    await source_invitations.accept(units, guest, token)
    await switching.switch_active(units, signed_in(guest_id, guest, "admin"), owner)
    await source_invitations.delete(units, signed_in(owner_id, owner, "admin"), invitation_id)
    assert (await user_of(units, guest_id)).active_organisation_id == guest
    assert token not in units.vault.invitation_tokens


async def test_a_rotated_token_secret_is_kept_in_the_vault_with_its_time() -> None:
    units = MemoryUnits()
    _, organisation_id = await founder(units)
    secret, rotated_at = await rotate_token(units, organisation_id)
    assert units.vault.token_secrets[organisation_id] == (secret, rotated_at)


async def test_deleting_an_organisation_forgets_its_open_invitations_codes() -> None:
    units = MemoryUnits()
    _, organisation_id = await founder(units)
    invited = await invitations.add_user(units, organisation_id, "pending@example.com", "monitor")
    await removals.delete_organisation(units, organisation_id)
    assert invited.invitation_id not in units.vault.invitation_codes
