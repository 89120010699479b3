"""The bus protocol as an AsyncAPI 3.0 document, generated from the message registry and the topology.

One channel per exchange (its address is the routing-key pattern), one message per public type,
each payload wrapped in the envelope. Routing keys come from ``common.bus.topology.route`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from common.bus import topology
from common.contracts.bus_protocol import BUS_PROTOCOL
from common.contracts.envelope import Envelope, Message, Route, registry_of

REF = "#/components/schemas/{model}"
ENVIRONMENT_PLACEHOLDER = "{environmentId}"
AMQP_BINDING = "0.3.0"
CHANNELS: dict[Route, dict[str, Any]] = {
    "event": {
        "exchange": topology.EVENTS,
        "address": "{messageType}",
        "description": "Integration events, past tense; any number of services subscribe. Routing key: the type.",
        "actions": ("send", "receive"),
    },
    "command": {
        "exchange": topology.COMMANDS,
        "address": "{messageType}",
        "description": "Commands, imperative; exactly one service handles each type. Routing key: the type.",
        "actions": ("send", "receive"),
    },
    "agent_command": {
        "exchange": topology.CENV_COMMANDS,
        "address": "{environmentId}.{messageType}",
        "description": (
            "Commands to one c_env agent, bound to its queue cenv.<environment_id>.commands.<tag> (named in its launch)"
        ),
        "actions": ("send",),
    },
    "agent_event": {
        "exchange": topology.CENV_EVENTS,
        "address": "{environmentId}.{messageType}",
        "description": "What agents report; an agent may publish only under its own environment id.",
        "actions": ("receive",),
    },
}


def routing_key(model: type[Message]) -> tuple[str, str]:
    """The exchange and routing key ``topology.route`` gives a message of this type (agents' with a placeholder)."""
    fields: dict[str, Any] = {"environment_id": ENVIRONMENT_PLACEHOLDER}
    return topology.route(model.model_construct(**fields))


def asyncapi_document(public: Sequence[type[Message]], protocol: str = "") -> dict[str, Any]:
    """The document for the platform's public messages; ``protocol`` adds prose after the bus's own."""
    messages = registry_of(public)
    models: list[type[BaseModel]] = [Envelope, *messages.values()]
    refs, definitions = models_json_schema([(model, "validation") for model in models], ref_template=REF)
    by_route: dict[Route, list[str]] = {}
    for message_type, model in messages.items():
        by_route.setdefault(model.ROUTE, []).append(message_type)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Switchyard bus",
            "version": version("switchyard"),
            "description": "\n".join(filter(None, [BUS_PROTOCOL, protocol])),
        },
        "defaultContentType": "application/json",
        "servers": _servers(),
        "channels": {CHANNELS[r]["exchange"]: _channel(r, types) for r, types in by_route.items()},
        "operations": _operations(by_route),
        "components": {
            "messages": {t: _message(t, m, refs[m, "validation"]) for t, m in messages.items()},
            "schemas": definitions.get("$defs", {}),
        },
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so the prose reads as written."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def asyncapi_yaml(public: Sequence[type[Message]], protocol: str = "") -> str:
    return yaml.dump(
        asyncapi_document(public, protocol), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120
    )


def _servers() -> dict[str, Any]:
    return {
        "rabbitmq": {
            "host": "127.0.0.1:5672",
            "protocol": "amqp",
            "protocolVersion": "0.9.1",
            "description": "RabbitMQ; each service is given its AMQP_URL (this is the development default). "
            "Exchanges are durable topics; queues are quorum queues with dead-letter queues <queue>.dead.",
        }
    }


def _channel(route: Route, types: list[str]) -> dict[str, Any]:
    spec = CHANNELS[route]
    parameters: dict[str, Any] = {"messageType": {"enum": types, "description": "The message's type"}}
    if ENVIRONMENT_PLACEHOLDER in spec["address"]:
        parameters["environmentId"] = {"description": "The c_env's id (a UUID)"}
    return {
        "address": spec["address"],
        "title": spec["exchange"],
        "description": spec["description"],
        "parameters": parameters,
        "messages": {t: {"$ref": f"#/components/messages/{t}"} for t in types},
        "bindings": {"amqp": _exchange_binding(spec["exchange"])},
    }


def _exchange_binding(exchange: str) -> dict[str, Any]:
    return {
        "is": "routingKey",
        "exchange": {"name": exchange, "type": "topic", "durable": True, "autoDelete": False, "vhost": "/"},
        "bindingVersion": AMQP_BINDING,
    }


def _operations(by_route: dict[Route, list[str]]) -> dict[str, Any]:
    operations = {}
    for route, types in by_route.items():
        exchange = CHANNELS[route]["exchange"]
        for action in CHANNELS[route]["actions"]:
            operations[f"{exchange}.{action}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{exchange}"},
                "summary": f"The platform {action}s on {exchange}.",
                "messages": [{"$ref": f"#/channels/{exchange}/messages/{t}"} for t in types],
            }
    return operations


def _message(message_type: str, model: type[Message], payload: dict[str, Any]) -> dict[str, Any]:
    exchange, key = routing_key(model)
    envelope = {
        "type": "object",
        "properties": {
            "type": {"const": message_type},
            "schema_version": {"const": model.SCHEMA_VERSION},
            "payload": payload,
        },
    }
    message: dict[str, Any] = {
        "name": message_type,
        "title": model.__name__,
        "contentType": "application/json",
        "correlationId": {"location": "$message.payload#/correlation_id"},
        "payload": {"allOf": [{"$ref": REF.format(model="Envelope")}, envelope]},
        "bindings": {"amqp": {"messageType": message_type, "bindingVersion": AMQP_BINDING}},
        "x-exchange": exchange,
        "x-routing-key": key.replace(ENVIRONMENT_PLACEHOLDER, "<environment_id>"),
    }
    if model.__doc__:
        message["summary"] = " ".join(model.__doc__.split())
    return message
