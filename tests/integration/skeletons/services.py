"""The four skeleton services: how to build each one's settings and spec."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import alerts.bootstrap
import billing.bootstrap
import scheduler.bootstrap
import streams.bootstrap
from alerts.config import AlertsSettings
from billing.config import BillingSettings
from common.http.app import ServiceSpec
from common.settings import ServiceSettings
from scheduler.config import SchedulerSettings
from streams.config import StreamsSettings


@dataclass(frozen=True)
class Skeleton:
    settings: type[ServiceSettings]
    spec: Callable[..., ServiceSpec]


SKELETONS = {
    "streams": Skeleton(StreamsSettings, streams.bootstrap.spec),
    "scheduler": Skeleton(SchedulerSettings, scheduler.bootstrap.spec),
    "billing": Skeleton(BillingSettings, billing.bootstrap.spec),
    "alerts": Skeleton(AlertsSettings, alerts.bootstrap.spec),
}
