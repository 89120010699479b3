"""The streams dashboard reads the per-input/output gauges streams exports, by labels they carry, from the
provisioned data source, and sits where Grafana's provider looks."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from common.metrics import MESSAGES_DROPPED
from streams.adapters.statistics_gauges import EVICTED, GAUGES
from tests.unit.deploy.layout import DEPLOY
from tests.unit.deploy.test_observability import DASHBOARD

pytestmark = pytest.mark.unit
STREAMS = DEPLOY / "grafana" / "dashboards" / "streams.json"
METRIC = re.compile(r"\b(switchyard_[a-z_]+)\b")
GROUPING = re.compile(r"\bby \(([^)]*)\)")


def _labels() -> dict[str, set[str]]:
    found = {gauge.describe()[0].name: set(gauge._labelnames) for gauge in GAUGES.values()}
    found["switchyard_stream_series_evicted_total"] = set(EVICTED._labelnames)
    found["switchyard_messages_dropped_total"] = set(MESSAGES_DROPPED._labelnames)
    return found


def _dashboard() -> dict[str, Any]:
    return dict(json.loads(STREAMS.read_text()))


def _exprs(dashboard: dict[str, Any]) -> list[str]:
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    return [t["expr"] for p in panels for t in p["targets"]] + [
        v["query"]["query"] for v in dashboard["templating"]["list"]
    ]


def test_every_expression_reads_exported_metrics_by_their_labels() -> None:
    known, used = _labels(), set()
    for expr in _exprs(_dashboard()):
        metrics = set(METRIC.findall(expr))
        assert metrics and metrics <= set(known), expr
        used |= metrics
        labels = set().union(*(known[m] for m in metrics))
        for grouping in GROUPING.findall(expr):
            assert {label.strip() for label in grouping.split(",")} <= labels, expr
    assert {gauge.describe()[0].name for gauge in GAUGES.values()} <= used  # every metric alerts will use is shown


def test_it_is_provisioned_beside_the_overview_with_its_own_uid_and_data_source() -> None:
    dashboard, overview = _dashboard(), json.loads(DASHBOARD.read_text())
    assert STREAMS.parent == DASHBOARD.parent and dashboard["uid"] != overview["uid"]
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    assert {p["datasource"]["uid"] for p in panels} == {"prometheus"}
