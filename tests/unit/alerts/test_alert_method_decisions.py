"""The alert method aggregate, the methods an organisation holds, and the addresses a method sends to."""

from __future__ import annotations

import uuid

import pytest

from alerts.contract.schemas import AlertType
from alerts.domain import addresses, holdings, methods
from alerts.domain.events import AlertMethodChanged, AlertMethodChosen
from alerts.domain.holdings import Holdings
from alerts.domain.methods import AlertMethod
from common.errors import Conflict, Invalid, NotFound

ORG, OTHER = 1000, 2000
HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/abcdefghijklmnopqrstuvwx"
OTHER_HOOK = "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/ZYXWVUTSRQPONMLKJIHGFEDC"


def created(alert_type: AlertType = "email", values: tuple[str, ...] = ("ops@example.com",)) -> AlertMethod:
    parsed = addresses.parse(alert_type, values)
    return methods.fold(methods.create(AlertMethod(), uuid.uuid4(), ORG, "On call", alert_type, parsed))


@pytest.mark.parametrize(
    ("alert_type", "value"),
    [
        ("email", "not-an-address"),
        ("email", "two@@example.com"),
        ("email", "ops@example"),
        ("email", "ops@exa mple.com"),
        ("email", HOOK),
        ("slack", "ops@example.com"),
        ("slack", "http://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/abcdefghijklmnopqrstuvwx"),
        ("slack", "https://hooks.slack.com.evil.example/services/T0ABCDEFG/B0HIJKLMN/abcdefghijklmnopqrstuvwx"),
        ("slack", "https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/"),
        ("slack", "https://example.com/services/T0ABCDEFG/B0HIJKLMN/abcdefghijklmnopqrstuvwx"),
        ("slack", f"{HOOK}?next=https://evil.example"),
    ],
)
def test_an_address_that_does_not_fit_the_type_is_invalid_naming_the_field(alert_type: AlertType, value: str) -> None:
    with pytest.raises(Invalid) as refused:
        addresses.parse(alert_type, ["ops@example.com" if alert_type == "email" else HOOK, value])
    assert refused.value.field == "notification_parameters"
    assert "address 1" in refused.value.detail
    assert HOOK not in refused.value.detail


def test_no_address_or_too_many_is_invalid() -> None:
    for values in ([], [f"ops{i}@example.com" for i in range(addresses.MAX_ADDRESSES + 1)]):
        with pytest.raises(Invalid):
            addresses.parse("email", values)


def test_addresses_are_canonical_and_duplicates_dropped() -> None:
    parsed = addresses.parse("email", [" Ops@Example.COM ", "Ops@example.com", "noc@EXAMPLE.com"])
    assert parsed == ["Ops@example.com", "noc@example.com"]
    assert addresses.parse("slack", [HOOK, f" {HOOK} ", OTHER_HOOK]) == [HOOK, OTHER_HOOK]


def test_a_webhook_is_recorded_only_as_shown() -> None:
    method = created("slack", (HOOK,))
    assert method.notification_parameters == ("https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/********",)


def test_another_organisation_cannot_change_or_delete_it() -> None:
    method = created()
    with pytest.raises(NotFound):
        methods.change(method, OTHER, "Mine now", None, None)
    with pytest.raises(NotFound):
        methods.delete(method, OTHER)


def test_a_deleted_method_is_gone_and_an_unknown_one_never_was() -> None:
    method = created()
    gone = methods.evolve(method, methods.delete(method, ORG)[0])
    for missing in (gone, AlertMethod()):
        with pytest.raises(NotFound):
            methods.delete(missing, ORG)
        with pytest.raises(NotFound):
            methods.change(missing, ORG, "x", None, None)


def test_a_method_cannot_be_created_twice() -> None:
    with pytest.raises(Conflict):
        methods.create(created(), uuid.uuid4(), ORG, "Again", "email", ["ops@example.com"])


def test_a_change_keeps_what_was_not_sent_and_nothing_new_records_nothing() -> None:
    method = created()
    [changed] = methods.change(method, ORG, "Night shift", None, None)
    assert isinstance(changed, AlertMethodChanged)
    assert (changed.name, changed.alert_type, changed.notification_parameters) == (
        "Night shift", "email", ("ops@example.com",)
    )  # fmt: skip
    assert methods.change(method, ORG, "On call", "email", ["ops@example.com"]) == []


def test_a_new_type_needs_its_addresses() -> None:
    with pytest.raises(Invalid) as refused:
        methods.change(created(), ORG, None, "slack", None)
    assert refused.value.field == "notification_parameters"
    [changed] = methods.change(created(), ORG, None, "slack", [HOOK])
    assert isinstance(changed, AlertMethodChanged) and changed.alert_type == "slack"


def test_webhooks_sent_again_always_record_a_change() -> None:
    assert len(methods.change(created("slack", (HOOK,)), ORG, None, None, [OTHER_HOOK])) == 1


def test_a_closed_organisation_holds_nothing_takes_nothing_and_closes_once() -> None:
    method_id = uuid.uuid4()
    closed = holdings.fold([*holdings.add(Holdings(), ORG, method_id), *holdings.close(Holdings(), ORG)])
    assert closed.closed and not closed.methods
    assert holdings.close(closed, ORG) == []
    with pytest.raises(NotFound):
        holdings.add(closed, ORG, uuid.uuid4())
    held = holdings.fold(holdings.add(Holdings(), ORG, method_id))
    assert (
        holdings.fold([*holdings.add(Holdings(), ORG, method_id), *holdings.remove(held, ORG, method_id)]).methods
        == frozenset()
    )


def test_alerts_choose_only_a_live_method_of_their_maker_and_the_choice_is_recorded_on_its_stream() -> None:
    method, alert_ids = created(), (uuid.uuid4(), uuid.uuid4())
    [chosen] = methods.choose(method, ORG, alert_ids)
    assert isinstance(chosen, AlertMethodChosen) and chosen.alert_ids == alert_ids
    assert methods.evolve(method, chosen) == method, "choosing changes nothing of the method"
    gone = methods.fold([*methods.create(AlertMethod(), method.method_id or uuid.uuid4(), ORG, "x", "email",
                                         ("a@example.com",)), *methods.delete(method, ORG)])  # fmt: skip
    for held, caller in ((gone, ORG), (method, OTHER), (AlertMethod(), ORG)):
        with pytest.raises(NotFound) as refused:
            methods.choose(held, caller, alert_ids)
        assert refused.value.field == "alert_method_id"
