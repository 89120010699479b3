"""A c_env's public host (decision 70): the operator's template, checked when the service starts, makes a valid
host name of any environment, whatever its provider and region are called, and an unknown location reads as
``unknown``."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from streams.config import StreamsSettings
from streams.domain import addresses
from streams.domain.addresses import Location

TEMPLATES = [
    "{environment_id}.{region}.cenv.switchyard.local",
    "{environment_id}.{cloud_provider}-{region}.example.net",
    "c-{environment_id}.example.net",
]
REFUSED = ["{region}.example.net", "{environment_id}.{zone}.example.net", "{environment_id}..example.net",
           "{environment_id", "{environment_id!r}.x"]  # fmt: skip
REQUIRED = {"DATABASE_URL": "postgresql://u@h/d", "AMQP_URL": "amqp://u:p@h/", "SWITCHYARD_INTERNAL_KEY": "k" * 32}


@given(st.uuids(), st.one_of(st.none(), st.text(max_size=80)), st.one_of(st.none(), st.text(max_size=80)),
       st.sampled_from(TEMPLATES))  # fmt: skip
def test_every_environment_gets_a_valid_host_name(
    environment_id: uuid.UUID, provider: str | None, region: str | None, template: str
) -> None:
    host = addresses.host(template, Location(environment_id, provider, region))
    assert len(host) <= 253 and str(environment_id) in host
    assert all(addresses._LABEL.match(label) for label in host.split(".")), host


def test_the_region_and_provider_are_placed_and_an_unknown_one_says_so() -> None:
    environment_id = uuid.UUID(int=5)
    template = "{environment_id}.{cloud_provider}.{region}.example.net"
    assert (
        addresses.host(template, Location(environment_id, "AWS", "eu_west 1"))
        == f"{environment_id}.aws.eu-west-1.example.net"
    )
    assert addresses.host(template, Location(environment_id)) == f"{environment_id}.unknown.unknown.example.net"
    assert addresses.srt_url("h.example.net", 20001) == "srt://h.example.net:20001"


@pytest.mark.parametrize("template", REFUSED)
def test_a_template_that_cannot_make_a_host_name_stops_the_service(template: str) -> None:
    with pytest.raises(ValidationError) as refused:
        StreamsSettings(**REQUIRED, SWITCHYARD_CENV_PUBLIC_HOST=template)  # type: ignore[arg-type]
    assert "SWITCHYARD_CENV_PUBLIC_HOST" in str(refused.value)
