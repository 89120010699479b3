"""deploy/k8s agrees with compose and the settings: same processes, commands, ports, peers; secrets by reference."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from environments.config import EnvironmentsSettings
from gateway.config import GatewaySettings
from switchyard.services import BEHIND_THE_GATEWAY as GATEWAY_PEERS
from tests.unit.deploy.layout import DEPLOY, PROCESSES, SERVICES, alias_of, compose, declared, required

pytestmark = pytest.mark.unit
SECRETS = {"DATABASE_URL", "AMQP_URL", "SWITCHYARD_INTERNAL_KEY", "RABBITMQ_MANAGEMENT_URL"}
SECRET_NAME = "switchyard-secrets"


@cache
def documents() -> tuple[dict[str, Any], ...]:
    return tuple(
        doc for path in sorted((DEPLOY / "k8s").glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text())
    )


def of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in documents() if doc["kind"] == kind}


def container(name: str) -> dict[str, Any]:
    [only] = of_kind("Deployment")[name]["spec"]["template"]["spec"]["containers"]
    return dict(only)


def env(name: str) -> dict[str, dict[str, Any]]:
    configmaps = of_kind("ConfigMap")
    from_configmaps = {
        key: {"value": value}
        for source in container(name).get("envFrom", [])
        for key, value in configmaps[source["configMapRef"]["name"]]["data"].items()
    }
    return from_configmaps | {item["name"]: item for item in container(name).get("env", [])}


def value(name: str, variable: str) -> str:
    return str(env(name)[variable]["value"])


def port(name: str) -> int:
    return int(value(name, alias_of(PROCESSES[name].settings, "port")))


def metrics_port(name: str) -> int | None:
    """The port of its own a service serves /metrics on (the public gateway), or None."""
    settings = PROCESSES[name].settings
    return int(value(name, alias_of(settings, "metrics_port"))) if "metrics_port" in settings.model_fields else None


def compose_port(name: str) -> int:
    return int(compose()["services"][name]["environment"][alias_of(PROCESSES[name].settings, "port")])


def test_the_same_processes_as_compose() -> None:
    assert set(of_kind("Deployment")) == set(PROCESSES)
    assert set(of_kind("Service")) == set(PROCESSES)
    assert {doc["metadata"].get("namespace") for doc in documents() if doc["kind"] != "Namespace"} == {"switchyard"}
    assert set(of_kind("Namespace")) == {"switchyard"}


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_each_deployment_runs_its_package_on_the_compose_port(name: str) -> None:
    assert tuple(container(name)["command"]) == PROCESSES[name].command
    assert port(name) == compose_port(name)
    metrics = [{"name": "metrics", "containerPort": metrics_port(name)}] if metrics_port(name) else []
    assert container(name)["ports"] == [{"name": "http", "containerPort": port(name)}, *metrics]
    assert container(name)["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_each_service_selects_its_deployment_on_the_same_port(name: str) -> None:
    service, deployment = of_kind("Service")[name], of_kind("Deployment")[name]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    metrics = [{"name": "metrics", "port": metrics_port(name), "targetPort": "metrics"}] if metrics_port(name) else []
    assert service["spec"]["ports"] == [{"name": "http", "port": port(name), "targetPort": "http"}, *metrics]
    if PROCESSES[name].serves_metrics:
        assert service["metadata"]["annotations"]["prometheus.io/port"] == str(metrics_port(name) or port(name))


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_environment_names_are_declared_settings_and_cover_the_required_ones(name: str) -> None:
    settings = PROCESSES[name].settings
    assert set(env(name)) <= declared(settings), sorted(set(env(name)) - declared(settings))
    assert not [names for names in required(settings) if not set(names) & set(env(name))]


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_secrets_come_from_the_secret_by_reference(name: str) -> None:
    for variable in SECRETS & set(env(name)):
        assert "value" not in env(name)[variable]
        assert env(name)[variable]["valueFrom"]["secretKeyRef"] == {"name": SECRET_NAME, "key": variable}
    assert not of_kind("Secret"), "the Secret is created at deploy time, never committed"
    assert not SECRETS & set().union(*(configmap["data"] for configmap in of_kind("ConfigMap").values()))


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_pods_run_as_the_image_user(name: str) -> None:
    security = of_kind("Deployment")[name]["spec"]["template"]["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["runAsUser"] != 0


@pytest.mark.parametrize("peer", GATEWAY_PEERS)
def test_the_gateway_forwards_to_each_service_by_its_service_name(peer: str) -> None:
    assert value("gateway", alias_of(GatewaySettings, f"{peer}_url")) == f"http://{peer}:{port(peer)}"


def test_environments_drives_the_agent_host_remotely() -> None:
    assert value("environments", alias_of(EnvironmentsSettings, "provisioning_driver")) == "remote"
    agent_host = value("environments", alias_of(EnvironmentsSettings, "agent_host_url"))
    assert agent_host == f"http://cenv-agent:{port('cenv-agent')}"
    assert value("environments", alias_of(EnvironmentsSettings, "gateway_url")) == f"http://gateway:{port('gateway')}"


def test_every_service_is_scraped() -> None:
    annotated = {
        name
        for name, doc in of_kind("Service").items()
        if doc["metadata"].get("annotations", {}).get("prometheus.io/scrape")
    }
    assert sorted(annotated) == SERVICES
