"""docker-compose.yml agrees with the code: every process, its command, its settings, ports, peers and secrets."""

from __future__ import annotations

import re
from typing import Any

import pytest

from environments.config import EnvironmentsSettings
from gateway.config import GatewaySettings
from switchyard.services import BEHIND_THE_GATEWAY as GATEWAY_PEERS
from tests.unit.deploy.layout import (
    DEPLOY,
    PROCESSES,
    REPO,
    SERVICES,
    alias_of,
    compose,
    declared,
    load_yaml,
    required,
    url,
    variables,
)

pytestmark = pytest.mark.unit
COMPOSE = compose()
READY_PROBE = re.compile(r"http://127\.0\.0\.1:(\d+)/ready")
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 (containers listen on their own network)
SECRET_NAME = re.compile(r"PASSWORD|PASS$|SECRET|KEY$")


def service(name: str) -> dict[str, Any]:
    services: dict[str, Any] = COMPOSE["services"]
    assert name in services, f"{name} is not in docker-compose.yml"
    return dict(services[name])


def environment(name: str) -> dict[str, str]:
    return {key: str(value) for key, value in service(name).get("environment", {}).items()}


def port(name: str) -> int:
    return int(environment(name)[alias_of(PROCESSES[name].settings, "port")])


def metrics_port(name: str) -> int:
    """Where /metrics is served: a port of its own where the service has one (the public gateway), else its port."""
    settings = PROCESSES[name].settings
    return (
        int(environment(name)[alias_of(settings, "metrics_port")])
        if "metrics_port" in settings.model_fields
        else port(name)
    )


def prometheus_targets() -> dict[str, list[str]]:
    config = load_yaml(DEPLOY / "prometheus.yml")
    return {
        job["job_name"]: [target for static in job["static_configs"] for target in static["targets"]]
        for job in config["scrape_configs"]
    }


def test_every_process_of_the_platform_is_in_compose() -> None:
    packages = {path.name for path in (REPO / "services").iterdir() if (path / "__main__.py").is_file()}
    assert {process.package for process in PROCESSES.values()} == packages
    assert set(SERVICES) == {"gateway", *GATEWAY_PEERS}
    assert set(PROCESSES) <= set(COMPOSE["services"])


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_each_process_is_built_from_the_one_dockerfile(name: str) -> None:
    build = service(name)["build"]
    assert (build["context"], build.get("dockerfile", "Dockerfile")) == (".", "Dockerfile")
    assert (REPO / build["context"] / "Dockerfile").is_file()
    assert service(name)["image"] == service("gateway")["image"]


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_each_process_runs_its_package(name: str) -> None:
    assert tuple(service(name)["command"]) == PROCESSES[name].command


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_environment_names_are_settings_the_process_declares(name: str) -> None:
    unknown = set(environment(name)) - declared(PROCESSES[name].settings)
    assert not unknown, f"{name} is given variables its settings do not read: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_every_required_setting_is_provided(name: str) -> None:
    missing = [names for names in required(PROCESSES[name].settings) if not set(names) & set(environment(name))]
    assert not missing, f"{name} lacks required settings {missing}"
    assert environment(name)[alias_of(PROCESSES[name].settings, "host")] == ALL_INTERFACES


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_the_healthcheck_asks_ready_on_the_process_port(name: str) -> None:
    probes = READY_PROBE.findall(" ".join(service(name)["healthcheck"]["test"]))
    assert probes == [str(port(name))]


@pytest.mark.parametrize("name", SERVICES)
def test_prometheus_scrapes_the_port_the_service_listens_on(name: str) -> None:
    assert prometheus_targets()[name] == [f"{name}:{metrics_port(name)}"]


def test_prometheus_scrapes_exactly_the_services() -> None:
    targets = prometheus_targets()
    assert sorted(targets) == SERVICES
    assert sorted(target.split(":")[0] for found in targets.values() for target in found) == SERVICES


def test_only_the_gateway_is_published() -> None:
    assert [str(mapping) for mapping in service("gateway")["ports"]] == [f"{port('gateway')}:{port('gateway')}"]
    assert not [name for name in PROCESSES if name != "gateway" and "ports" in service(name)]


@pytest.mark.parametrize("peer", GATEWAY_PEERS)
def test_the_gateway_forwards_to_each_service_by_its_compose_name(peer: str) -> None:
    assert environment("gateway")[alias_of(GatewaySettings, f"{peer}_url")] == f"http://{peer}:{port(peer)}"


def test_environments_drives_the_agent_host_remotely() -> None:
    env = environment("environments")
    assert env[alias_of(EnvironmentsSettings, "provisioning_driver")] == "remote"
    assert env[alias_of(EnvironmentsSettings, "agent_host_url")] == f"http://cenv-agent:{port('cenv-agent')}"
    assert env[alias_of(EnvironmentsSettings, "gateway_url")] == f"http://gateway:{port('gateway')}"
    management = url(env[alias_of(EnvironmentsSettings, "rabbitmq_management_url")])
    assert (management.hostname, management.port) == ("rabbitmq", 15672)
    assert management.username == environment("rabbitmq")["RABBITMQ_DEFAULT_USER"]
    assert service("environments")["depends_on"]["cenv-agent"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("name", SERVICES)
def test_services_reach_postgres_and_rabbitmq_as_compose_configures_them(name: str) -> None:
    postgres, rabbitmq = environment("postgres"), environment("rabbitmq")
    database, broker = url(environment(name)["DATABASE_URL"]), url(environment(name)["AMQP_URL"])
    assert (database.hostname, database.port, database.path) == ("postgres", 5432, f"/{postgres['POSTGRES_DB']}")
    assert (database.username, {database.password}) == (
        postgres["POSTGRES_USER"],
        variables(postgres["POSTGRES_PASSWORD"]),
    )
    assert (broker.hostname, broker.port, broker.username) == ("rabbitmq", 5672, rabbitmq["RABBITMQ_DEFAULT_USER"])
    assert {broker.password} == variables(rabbitmq["RABBITMQ_DEFAULT_PASS"])


@pytest.mark.parametrize("name", SERVICES)
def test_services_wait_for_healthy_infrastructure(name: str) -> None:
    depends_on = service(name)["depends_on"]
    for dependency in ("postgres", "rabbitmq"):
        assert depends_on[dependency] == {"condition": "service_healthy"}
        assert service(dependency)["healthcheck"]["test"]


def test_infrastructure_images() -> None:
    assert service("postgres")["image"] == "postgres:15"
    assert service("rabbitmq")["image"] == "rabbitmq:3.12-management"


def test_no_secret_is_written_into_compose() -> None:
    for name, spec in COMPOSE["services"].items():
        for key, value in spec.get("environment", {}).items():
            password = url(str(value)).password if "://" in str(value) else None
            if SECRET_NAME.search(key) or password:
                assert variables(str(value)), f"{name}.{key} holds a literal secret"
            if password:
                assert password in variables(str(value)), f"{name}.{key} has a literal password"


def test_every_variable_compose_needs_is_in_the_example_env_file() -> None:
    example = dict(
        line.split("=", 1)
        for line in (REPO / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    used = variables((REPO / "docker-compose.yml").read_text())
    assert set(example) == used
    assert all(value.startswith("replace-") for value in example.values()), "the example must hold placeholders"
    assert re.findall(r"\$\{[A-Z_]+:\?[^}]+\}", (REPO / "docker-compose.yml").read_text()), "use ${NAME:?message}"
    assert ".env" in (REPO / ".gitignore").read_text().split()


def test_every_mounted_file_exists() -> None:
    for name, spec in COMPOSE["services"].items():
        for volume in spec.get("volumes", []):
            source = str(volume).split(":")[0]
            if source.startswith("./"):
                assert (REPO / source).exists(), f"{name} mounts {source}, which does not exist"
