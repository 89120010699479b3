"""Request and response models of the notification routes (A162–A169, A275)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from alerts.contract.categories import NAMES
from alerts.contract.schemas import Strict

MAX_IDS = 500


class NotificationIds(Strict):
    notification_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_IDS, description="1–500 notification ids")


class MutedCategories(Strict):
    """The whole set of muted categories: it replaces the one before (send [] to unmute all)."""

    categories: list[str] = Field(max_length=len(NAMES), json_schema_extra={"items": {"enum": list(NAMES)}},
                                  description=f"any of: {', '.join(NAMES)}")  # fmt: skip

    @field_validator("categories")
    @classmethod
    def _known(cls, categories: list[str]) -> list[str]:
        unknown = sorted(set(categories) - set(NAMES))
        if unknown:
            raise ValueError(f"unknown categories {unknown}; known: {', '.join(NAMES)}")
        return sorted(set(categories))


class NotificationView(BaseModel):
    id: uuid.UUID
    category: str
    message: str
    resource_id: str | None
    organisation_id: int
    read: bool
    created_at: datetime
    resource_uri: str
