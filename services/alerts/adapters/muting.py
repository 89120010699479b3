"""Slack's "Mute for 1 h" (A279) on the alert use cases: the ``AlertMuting`` port of the delivery side."""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime

from alerts.context import runner
from alerts.service_layer.alerts import mute_alert_for
from common.errors import NotFound
from common.http.app import Runtime
from common.unit_of_work import Runner


class AlertsMuting:
    def __init__(self, run: Runner) -> None:
        self.run = run

    async def mute_for(self, alert_id: uuid.UUID, organisation_id: int, until: datetime) -> None:
        with contextlib.suppress(NotFound):  # deleted since the message went out: nothing left to mute
            await mute_alert_for(self.run, organisation_id, alert_id, until)


def muting_of(runtime: Runtime) -> AlertsMuting:
    return AlertsMuting(runner(runtime))
