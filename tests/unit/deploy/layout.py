"""What the deploy tests compare: the files under deploy/ and the settings each process declares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import AliasChoices
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from alerts.config import AlertsSettings
from billing.config import BillingSettings
from cenv_agent.config import HostSettings
from common.settings import ServiceSettings
from environments.config import EnvironmentsSettings
from gateway.config import GatewaySettings
from scheduler.config import SchedulerSettings
from streams.config import StreamsSettings

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<rest>[^}]*)\}")


@dataclass(frozen=True)
class Process:
    package: str
    settings: type[BaseSettings]
    command: tuple[str, ...]

    @property
    def serves_metrics(self) -> bool:
        return issubclass(self.settings, ServiceSettings)


def _service(package: str, settings: type[BaseSettings]) -> Process:
    return Process(package, settings, ("python", "-m", package))


PROCESSES = {
    "gateway": _service("gateway", GatewaySettings),
    "environments": _service("environments", EnvironmentsSettings),
    "streams": _service("streams", StreamsSettings),
    "scheduler": _service("scheduler", SchedulerSettings),
    "billing": _service("billing", BillingSettings),
    "alerts": _service("alerts", AlertsSettings),
    "cenv-agent": Process("cenv_agent", HostSettings, ("python", "-m", "cenv_agent", "host")),
}
SERVICES = sorted(name for name, process in PROCESSES.items() if process.serves_metrics)


def env_names(settings: type[BaseSettings], field: FieldInfo, name: str) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, str):
        return [alias]
    if isinstance(alias, AliasChoices):
        return [choice for choice in alias.choices if isinstance(choice, str)]
    return [(str(settings.model_config.get("env_prefix", "")) + name).upper()]


def declared(settings: type[BaseSettings]) -> set[str]:
    return {env for name, field in settings.model_fields.items() for env in env_names(settings, field, name)}


def required(settings: type[BaseSettings]) -> list[list[str]]:
    """For each setting without a default, the names any one of which provides it."""
    return [env_names(settings, field, name) for name, field in settings.model_fields.items() if field.is_required()]


def alias_of(settings: type[BaseSettings], field: str) -> str:
    [name] = env_names(settings, settings.model_fields[field], field)
    return name


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


@cache
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml(REPO / "docker-compose.yml")
    return loaded


def variables(value: str) -> set[str]:
    return {match["name"] for match in INTERPOLATION.finditer(value)}


def without_interpolation(value: str) -> str:
    """``${NAME:?message}`` becomes ``NAME``, so the value parses as the URL it will be."""
    return INTERPOLATION.sub(lambda match: match["name"], value)


def url(value: str) -> Any:
    return urlsplit(without_interpolation(value))
