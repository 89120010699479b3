"""Any service of the platform by its name: its settings class and its spec, to build it in-process."""

from __future__ import annotations

import importlib
from typing import Any

from common.http.app import ServiceSpec
from common.settings import ServiceSettings


def settings_class(service: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{service}.config")
    return next(
        value for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, ServiceSettings) and value is not ServiceSettings
    )  # fmt: skip


def spec_of(service: str, **settings: Any) -> ServiceSpec:
    """Settings a service does not read are ignored, so one set of settings can build every service.
    In-process services serve their own metrics port (the gateway's) on a free one."""
    settings.setdefault("SWITCHYARD_GATEWAY_METRICS_PORT", 0)
    spec: ServiceSpec = importlib.import_module(f"{service}.bootstrap").spec(settings_class(service)(**settings))
    return spec
