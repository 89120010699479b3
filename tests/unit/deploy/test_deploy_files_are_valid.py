"""The deployment files parse and validate with the tools that will read them, offline: every Kubernetes manifest
against the Kubernetes API schemas, and docker-compose.yml with Docker Compose (which needs no engine for that)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.unit.deploy.layout import DEPLOY, REPO

pytestmark = pytest.mark.unit
KUBERNETES = "1.33"
COMPOSE_PLUGIN = Path("/usr/libexec/docker/cli-plugins/docker-compose")
ENV_EXAMPLE = REPO / ".env.example"


def manifests() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{path.name}:{doc['kind']}/{doc['metadata']['name']}", doc)
        for path in sorted((DEPLOY / "k8s").glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text())
        if doc
    ]


@pytest.mark.parametrize(("where", "manifest"), manifests(), ids=[where for where, _ in manifests()])
def test_every_manifest_is_a_valid_kubernetes_object(where: str, manifest: dict[str, Any]) -> None:
    kubernetes_validate.validate(manifest, KUBERNETES, strict=True)


def test_the_validator_refuses_a_field_kubernetes_does_not_know() -> None:
    _, deployment = next((w, m) for w, m in manifests() if m["kind"] == "Deployment")
    broken = json.loads(json.dumps(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def compose_command() -> list[str]:
    """``docker compose`` where the docker CLI has the plugin, else the plugin binary on its own."""
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    assert COMPOSE_PLUGIN.exists(), (
        "Docker Compose v2 is missing; `make test` installs it (deploy/local/ensure-tools.sh)"
    )
    return [str(COMPOSE_PLUGIN)]


def compose(*arguments: str, env_file: Path = ENV_EXAMPLE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*compose_command(), "--project-directory", str(REPO), "--env-file", str(env_file), *arguments],
        capture_output=True, text=True, timeout=60, check=False, cwd=REPO,
    )  # fmt: skip


def test_docker_compose_parses_the_compose_file() -> None:
    result = compose("config", "--format", "json")
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert {"gateway", "environments", "postgres", "rabbitmq"} <= set(services)


def test_docker_compose_refuses_to_run_without_the_secrets_set(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = compose("config", "--quiet", env_file=empty)
    required = [line.split("=")[0] for line in ENV_EXAMPLE.read_text().splitlines() if "=" in line]
    assert result.returncode != 0
    # Compose names the first unset secret it meets, in no fixed order
    assert any(name in result.stderr for name in required), result.stderr
