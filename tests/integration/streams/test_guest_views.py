"""What a guest reads of the organisation that invited it, beyond the inputs lists: the inputs dropdown (A086) and
overview (A058) count only the inputs its invitation shows it, without technical details; the outputs lists,
overview, state and single output (A087, A089, A088, A103) only what its own organisation takes there; and the
billing list (A113) the outputs its organisation takes on others' environments. Strangers stay at 404."""

from __future__ import annotations

from typing import Any

from tests.integration.access.cast import guest_of
from tests.integration.streams.conftest import StreamsUnderTest
from tests.integration.streams.test_guest_outputs import shown_and_granted
from tests.support.service_under_test import member_of, new_organisation
from tests.support.waiting import eventually


def _ids(reply: Any) -> list[str]:
    return sorted(str(o["id"]) for o in reply.ok()["objects"])


async def test_a_guest_reads_what_its_invitation_shows_and_what_it_takes(streams: StreamsUnderTest) -> None:
    owner, guest, stranger = new_organisation(), new_organisation(), new_organisation()
    first, second = await streams.environment(owner), await streams.environment(owner)
    stopped = await streams.environment(owner, state="stopped")
    placed = {"granted": first, "hidden": first, "shown": second, "asleep": stopped}
    await shown_and_granted(streams, owner, guest, placed, shown=("shown", "asleep"))
    viewer, owners = guest_of(guest, owner), member_of(owner)

    async def dropdown_shows() -> None:
        listed = (await streams.call(viewer, "GET", "/api/inputs/dropdown")).ok()["objects"]
        assert sorted(i["id"] for i in listed) == ["granted", "shown"], "asleep: its environment is not running"
        assert all(i["input_settings"] is None and i["port"] is None for i in listed)

    await eventually(dropdown_shows, within=15)
    owner_dropdown = (await streams.call(owners, "GET", "/api/inputs/dropdown")).ok()["objects"]
    assert sorted(i["id"] for i in owner_dropdown) == ["granted", "hidden", "shown"]
    assert all(i["port"] is not None for i in owner_dropdown)
    assert _ids(await streams.call(guest_of(stranger, owner), "GET", "/api/inputs/dropdown")) == []

    overview = f"/api/customer_environment/{first}/inputs_overview"
    assert (await streams.call(viewer, "GET", overview)).ok()["total"] == 1
    assert (await streams.call(owners, "GET", overview)).ok()["total"] == 2
    assert (await streams.call(member_of(stranger), "GET", overview)).status == 404
    assert (await streams.call(member_of(guest), "GET", overview)).status == 404, "not as a guest: not its own"

    outputs = f"/api/customer_environment/{first}/outputs"
    for caller, output_id in ((member_of(guest), "guest-out"), (owners, "owner-out")):
        (await streams.call(caller, "POST", f"{outputs}/srt_caller", {"id": output_id, "host": "h", "port": 9000})).ok(
            201
        )
    guest_output = f"{outputs}/guest-out"

    assert _ids(await streams.call(viewer, "GET", "/api/outputs")) == ["guest-out"]
    assert _ids(await streams.call(owners, "GET", "/api/outputs")) == ["owner-out"]
    assert _ids(await streams.call(guest_of(stranger, owner), "GET", "/api/outputs")) == []
    assert _ids(await streams.call(viewer, "GET", outputs)) == ["guest-out"]
    assert _ids(await streams.call(owners, "GET", outputs)) == ["guest-out", "owner-out"]
    assert (await streams.call(member_of(stranger), "GET", outputs)).status == 404
    assert _ids(await streams.call(viewer, "GET", f"/api/customer_environment/{first}/outputs_state")) == ["guest-out"]
    assert (await streams.call(viewer, "GET", guest_output)).ok()["id"] == "guest-out"
    assert (await streams.call(viewer, "GET", f"{outputs}/owner-out")).status == 404
    assert (await streams.call(guest_of(stranger, owner), "GET", guest_output)).status == 404
    assert (await streams.call(member_of(stranger), "GET", guest_output)).status == 404

    everything = "/api/outputs/all_environments"
    assert "guest-out" in _ids(await streams.call(member_of(guest), "GET", everything)), "it takes it, as a guest"
    assert "owner-out" not in _ids(await streams.call(member_of(guest), "GET", everything))
    assert _ids(await streams.call(owners, "GET", everything)) == ["guest-out", "owner-out"]
    assert _ids(await streams.call(member_of(stranger), "GET", everything)) == []
