"""The alert set an agent holds (as its schedule set, decision 52): replaced at once, only by a newer version, and
kept on its disk (``alerts.json``) so a restart comes back holding it. The agent only holds it for now; the
platform evaluates alerts from the statistics the agent reports."""

from __future__ import annotations

import uuid
from pathlib import Path

from pydantic import BaseModel, Field

from cenv_agent import kept
from cenv_agent.contract.alerts import AlertEntry, AlertSetApplied, AlertSetReported, ApplyAlertSet
from common.logging import get_logger

log = get_logger(__name__)
FILE = "alerts.json"


class HeldAlerts(BaseModel):
    version: int = 0
    alerts: list[AlertEntry] = Field(default_factory=list)


class Alerts:
    def __init__(self, state_dir: Path, environment_id: uuid.UUID) -> None:
        self.path, self.environment_id = state_dir / FILE, environment_id
        self.held = kept.load(self.path, HeldAlerts)

    def apply(self, command: ApplyAlertSet) -> AlertSetApplied:
        """Saved before it is answered: a lost answer leaves it held, and a re-send is answered without change."""
        if command.version > self.held.version:
            self.held = HeldAlerts(version=command.version, alerts=command.alerts)
            kept.save(self.path, self.held)
            log.info("alert_set_applied", version=command.version, alerts=len(command.alerts))
        return AlertSetApplied(environment_id=self.environment_id, version=self.held.version)

    def report(self, boot_id: uuid.UUID) -> AlertSetReported:
        return AlertSetReported(environment_id=self.environment_id, boot_id=boot_id, version=self.held.version)
