"""Prometheus rules and the Grafana dashboard use metrics the services really export, and are mounted where read."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from prometheus_client.metrics import MetricWrapperBase

from common import metrics
from tests.unit.deploy.layout import DEPLOY, REPO, compose, load_yaml

pytestmark = pytest.mark.unit
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
METRIC = re.compile(r"\b(switchyard_[a-z_]+|up)\b")
GROUPING = re.compile(r"\bby \(([^)]*)\)")
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "switchyard.json"


def exported() -> dict[str, set[str]]:
    """Sample name → label names, for every metric in common.metrics, plus Prometheus' own ``up``."""
    found: dict[str, set[str]] = {"up": {"job", "instance"}}
    for metric in vars(metrics).values():
        if isinstance(metric, MetricWrapperBase):
            [family] = metric.describe()
            for suffix in SUFFIXES[family.type]:
                found[family.name + suffix] = set(metric._labelnames) | ({"le"} if suffix == "_bucket" else set())
    return found


def alert_rules() -> list[dict[str, Any]]:
    return [rule for group in load_yaml(DEPLOY / "prometheus" / "alerts.yml")["groups"] for rule in group["rules"]]


def dashboard_panels() -> list[dict[str, Any]]:
    return [panel for panel in json.loads(DASHBOARD.read_text())["panels"] if panel["type"] != "row"]


def dashboard_exprs() -> list[str]:
    return [target["expr"] for panel in dashboard_panels() for target in panel["targets"]]


def check_expr(expr: str) -> set[str]:
    """The metrics ``expr`` reads; fails if one is not exported or it groups by a label they lack."""
    known = exported()
    used = set(METRIC.findall(expr))
    assert used, f"{expr!r} reads no metric"
    assert used <= set(known), f"{expr!r} reads unknown metrics {used - set(known)}"
    labels = set().union(*(known[name] for name in used))
    for grouping in GROUPING.findall(expr):
        grouped = {label.strip() for label in grouping.split(",")}
        assert grouped <= labels, f"{expr!r} groups by {grouped - labels}, which {used} do not carry"
    return used


def mounts(service: str) -> dict[str, str]:
    """Container path → repository path of the service's bind mounts."""
    volumes = compose()["services"][service]["volumes"]
    pairs = [str(volume).split(":")[:2] for volume in volumes if str(volume).startswith("./")]
    return {target: source for source, target in pairs}


def test_prometheus_reads_its_config_and_rules_from_the_repository() -> None:
    prometheus = compose()["services"]["prometheus"]
    [config_path] = [arg.split("=", 1)[1] for arg in prometheus["command"] if arg.startswith("--config.file=")]
    assert REPO / mounts("prometheus")[config_path] == DEPLOY / "prometheus.yml"
    for rule_file in load_yaml(DEPLOY / "prometheus.yml")["rule_files"]:
        assert (REPO / mounts("prometheus")[rule_file]).is_file(), f"{rule_file} is not mounted from a file"


def test_alert_rules_read_exported_metrics() -> None:
    for rule in alert_rules():
        check_expr(rule["expr"])
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert rule["annotations"]["summary"]


def test_alerts_cover_service_down_errors_outbox_lag_and_dead_letters() -> None:
    used = set().union(*(check_expr(rule["expr"]) for rule in alert_rules()))
    expected = {
        "up",
        "switchyard_http_errors_total",
        "switchyard_outbox_lag_events",
        "switchyard_messages_dead_lettered_total",
    }
    assert expected <= used
    assert len({rule["alert"] for rule in alert_rules()}) == len(alert_rules())


def test_the_dashboard_reads_exported_metrics_and_covers_the_golden_signals() -> None:
    used = set().union(*(check_expr(expr) for expr in dashboard_exprs()))
    assert {
        "switchyard_http_requests_total",
        "switchyard_http_errors_total",
        "switchyard_http_request_duration_seconds_bucket",
        "switchyard_messages_consumed_total",
        "switchyard_messages_retried_total",
        "switchyard_messages_dead_lettered_total",
        "switchyard_outbox_lag_events",
    } <= used


def test_the_dashboard_uses_the_provisioned_datasource() -> None:
    [datasource] = load_yaml(DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml")["datasources"]
    assert datasource["url"] == "http://prometheus:9090"
    assert "prometheus" in compose()["services"]
    panels = dashboard_panels()
    assert len({panel["id"] for panel in panels}) == len(panels)
    for panel in panels:
        assert panel["datasource"]["uid"] == datasource["uid"]
        assert {target["datasource"]["uid"] for target in panel["targets"]} == {datasource["uid"]}


def test_grafana_finds_the_dashboard_where_the_provider_looks() -> None:
    [provider] = load_yaml(DEPLOY / "grafana" / "provisioning" / "dashboards" / "switchyard.yml")["providers"]
    grafana = mounts("grafana")
    assert REPO / grafana[provider["options"]["path"]] == DASHBOARD.parent
    assert REPO / grafana["/etc/grafana/provisioning"] == DEPLOY / "grafana" / "provisioning"
