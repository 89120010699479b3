"""The store boundary: rows as the log already holds them read back as domain events and encode to the same rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from common.eventstore import RecordedEvent
from gateway.adapters.codec import BY_NAME, decode, encode
from gateway.domain import events as ev
from gateway.domain.streams import organisation_of, parse, stream_id, user_of

U1, U2 = str(uuid.uuid4()), str(uuid.uuid4())
PARTIES = {"invitation_id": U1, "source_organisation_id": 1000, "guest_organisation_id": None}
STORED: list[tuple[str, dict[str, Any]]] = [
    ("UserRegistered", {"user_id": U1, "email": "a@example.com", "name": "", "is_superuser": False,
                        "is_accounts_user": False, "is_accounts_admin": True}),
    ("UserContextSwitched", {"managing_organisation_id": 1, "active_organisation_id": 2, "active_environment_id": U2}),
    ("UserContextSwitched", {"managing_organisation_id": None, "active_organisation_id": None,
                             "active_environment_id": None}),
    ("GettingStartedSeen", {}),
    ("UserDeleted", {}),
    ("TemporaryPasswordIssued", {"organisation_id": 7, "invitation_id": U2}),
    ("PasswordChanged", {"reason": "reset"}),
    ("MemberInvited", {"invitation_id": U2, "user_id": U1, "email": "a@example.com", "permission_type": "operator"}),
    ("InvitationWithdrawn", {"invitation_id": U2, "reason": "invitation_declined"}),
    ("OrganisationCreated", {"organisation_id": 7, "name": "Acme", "created_by": U1, "payment_method": "free_credits",
                             "created_from_ip": "192.0.2.1"}),
    ("OrganisationDetailsUpdated", {"name": "New", "purchase_order_number": None}),
    ("MemberAdded", {"user_id": U1, "email": "a@example.com", "permission_type": "admin", "invitation_id": U2}),
    ("MemberPermissionChanged", {"user_id": U1, "permission_type": "monitor"}),
    ("MemberRemoved", {"user_id": U1, "reason": "left"}),
    ("RootUserChanged", {"user_id": None}),
    ("OrganisationTokenRotated", {}),
    ("OrganisationDeleted", {"member_ids": [U1, U2]}),
    ("SourceInvitationCreated", {**PARTIES, "destination_temporary_name": "G", "created_by": None,
                                 "token_digest": "9f" * 32}),
    ("SourceInvitationAccepted", {**PARTIES, "guest_organisation_id": 2000}),
    ("SourcePermissionsUpdated", {**PARTIES, "show_all_channels": True, "show_all_events": False,
                                  "billing_source": "destination_taker", "registered": True,
                                  "global_max_destinations": 3}),
    ("SourceInputGranted", {**PARTIES, "input_id": "cam-1", "environment_id": None}),
    ("SourceInputRevoked", {**PARTIES, "input_id": "cam-1"}),
    ("SourceLabelGranted", {**PARTIES, "label_id": U2}),
    ("SourceLabelRevoked", {**PARTIES, "label_id": U2}),
    ("SourceEnvironmentSettingsChanged", {**PARTIES, "environment_id": U2, "show_all_channels": None,
                                          "max_destinations": 2}),
    ("SourceInvitationDeleted", {**PARTIES, "reason": "deleted_by_owner"}),
    ("LabelCreated", {"label_id": U1, "organisation_id": 7, "text": "sport"}),
    ("LabelRenamed", {"label_id": U1, "organisation_id": 7, "text": "news"}),
    ("LabelDeleted", {"label_id": U1, "organisation_id": 7, "text": "news"}),
]  # fmt: skip


def row(type_name: str, data: dict[str, Any]) -> RecordedEvent:
    return RecordedEvent("organisation-7", 1, type_name, data, {}, 1, 1, datetime(2024, 1, 1, tzinfo=UTC))


def test_every_event_class_has_a_stored_example() -> None:
    assert {name for name, _ in STORED} == set(BY_NAME)


@pytest.mark.parametrize(("type_name", "data"), STORED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(STORED)])
def test_a_stored_row_reads_back_and_encodes_to_the_same_row(type_name: str, data: dict[str, Any]) -> None:
    event = decode(row(type_name, data))
    assert type(event).__name__ == type_name
    again = encode(event)
    assert (again.type, again.data) == (type_name, data)


def test_fields_come_back_typed() -> None:
    event = decode(row("MemberAdded", dict(next(data for name, data in STORED if name == "MemberAdded"))))
    assert isinstance(event, ev.MemberAdded) and event.user_id == uuid.UUID(U1)


def test_an_unknown_type_is_an_error_not_silence() -> None:
    with pytest.raises(ValueError, match="unknown type"):
        decode(row("SomethingElse", {}))


def test_stream_ids_are_built_and_read_by_one_pair() -> None:
    user_id = uuid.uuid4()
    assert user_of(stream_id("user", user_id)) == user_id
    assert organisation_of(stream_id("organisation", 42)) == 42
    assert parse(stream_id("source-invitation", user_id)) == ("source-invitation", str(user_id))
    with pytest.raises(ValueError):
        organisation_of(stream_id("user", user_id))
