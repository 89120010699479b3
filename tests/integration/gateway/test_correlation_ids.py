"""A caller's X-Correlation-ID travels with the events its request causes; one that could not travel (longer
than an envelope allows, not printable ASCII) is replaced by a fresh one, so the outbox never stalls on it."""

from __future__ import annotations

from tests.integration.gateway.conftest import GatewayUnderTest
from tests.integration.gateway.messages import next_matching


async def test_the_callers_correlation_id_reaches_the_bus(gateway: GatewayUnderTest) -> None:
    owner = await gateway.tenant("traced")
    taps = await gateway.tap()
    reply = await owner.api.post("/api/labels", {"text": "Traced"}, headers={"X-Correlation-ID": "trace-7"})
    assert reply.headers["X-Correlation-ID"] == "trace-7"
    envelope = await next_matching(taps, "gateway.LabelCreated", label_id=reply.ok(201)["id"])
    assert envelope["correlation_id"] == "trace-7"


async def test_a_correlation_id_that_could_not_travel_is_replaced_and_the_outbox_keeps_moving(
    gateway: GatewayUnderTest,
) -> None:
    owner = await gateway.tenant("untraceable")
    taps = await gateway.tap()
    unusable = "x" * 200
    reply = await owner.api.post("/api/labels", {"text": "Untraced"}, headers={"X-Correlation-ID": unusable})
    replacement = reply.headers["X-Correlation-ID"]
    assert replacement != unusable
    envelope = await next_matching(taps, "gateway.LabelCreated", label_id=reply.ok(201)["id"])
    assert envelope["correlation_id"] == replacement
    after = (await owner.api.post("/api/labels", {"text": "After"})).ok(201)
    await next_matching(taps, "gateway.LabelCreated", label_id=after["id"])
