"""The AsyncAPI document: YAML, every registered message once, on the exchange and key the topology gives it."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
import yaml

from cenv_agent.contract.protocol import AGENT_PROTOCOL
from common.bus import topology
from common.contracts import Envelope, registry_of
from common.contracts.asyncapi import asyncapi_document, asyncapi_yaml
from environments.adapters.commands import DecommissionEnvironment, ProvisionEnvironment
from switchyard.contracts import MESSAGES
from tests.unit.docs.documents import follow, references

ENVIRONMENT = uuid.uuid4()
AGENT_FIELDS: dict[str, Any] = {"environment_id": ENVIRONMENT}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    parsed = yaml.safe_load(asyncapi_yaml(MESSAGES, AGENT_PROTOCOL))
    assert isinstance(parsed, dict)
    return parsed


def test_the_yaml_is_the_document(document: dict[str, Any]) -> None:
    assert document == asyncapi_document(MESSAGES, AGENT_PROTOCOL)
    assert document["asyncapi"] == "3.0.0"
    assert document["servers"]["rabbitmq"]["protocol"] == "amqp"


def test_every_registered_message_type_is_listed_exactly_once(document: dict[str, Any]) -> None:
    listed = [t for channel in document["channels"].values() for t in channel["messages"]]
    assert sorted(listed) == sorted(registry_of(MESSAGES))
    assert set(document["components"]["messages"]) == set(registry_of(MESSAGES))


def test_each_message_travels_on_the_exchange_and_key_the_topology_gives_it(document: dict[str, Any]) -> None:
    for message_type, model in registry_of(MESSAGES).items():
        exchange, key = topology.route(model.model_construct(**AGENT_FIELDS))
        assert message_type in document["channels"][exchange]["messages"]
        message = document["components"]["messages"][message_type]
        assert message["x-routing-key"].replace("<environment_id>", str(ENVIRONMENT)) == key


def test_channels_are_the_topic_exchanges_public_messages_travel_on(document: dict[str, Any]) -> None:
    # the only commands today are environments' private ones, so switchyard.commands has no public channel
    exchanges = {topology.EVENTS, topology.CENV_COMMANDS, topology.CENV_EVENTS}
    assert set(document["channels"]) == exchanges
    for name, channel in document["channels"].items():
        assert channel["bindings"]["amqp"]["exchange"]["name"] == name
        assert channel["bindings"]["amqp"]["exchange"]["type"] == "topic"
    assert document["channels"][topology.CENV_EVENTS]["address"] == "{environmentId}.{messageType}"


def test_payloads_are_the_models_inside_the_envelope(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert set(schemas["Envelope"]["required"]) == set(Envelope.model_json_schema()["required"])
    for message_type, model in registry_of(MESSAGES).items():
        envelope, specific = document["components"]["messages"][message_type]["payload"]["allOf"]
        assert follow(document, envelope["$ref"]) is schemas["Envelope"]
        assert specific["properties"]["type"] == {"const": message_type}
        assert follow(document, specific["properties"]["payload"]["$ref"])["title"] == model.__name__


def test_every_reference_resolves_and_operations_use_their_own_channel(document: dict[str, Any]) -> None:
    for reference in references(document):
        follow(document, reference)
    for operation in document["operations"].values():
        channel = operation["channel"]["$ref"]
        assert all(m["$ref"].startswith(f"{channel}/messages/") for m in operation["messages"])


def test_the_agent_protocol_is_described_with_real_message_types(document: dict[str, Any]) -> None:
    text = document["info"]["description"]
    for needed in ("command_id", "cenv.CommandAcknowledged", "cenv.Heartbeat", "cenv.StateReported", "<queue>.dead"):
        assert needed in text
    mentioned = set(re.findall(r"`(cenv\.[A-Z]\w+)`", text))
    assert mentioned - set(registry_of(MESSAGES)) == set()


def test_messages_private_to_a_service_stay_out_of_the_document(document: dict[str, Any]) -> None:
    private = {ProvisionEnvironment.TYPE, DecommissionEnvironment.TYPE}
    assert private.isdisjoint(document["components"]["messages"])
    assert private.isdisjoint(registry_of(MESSAGES))
