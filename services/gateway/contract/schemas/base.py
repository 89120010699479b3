"""What the gateway's models share: refusing unknown fields, and the permission types."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Permission = Literal["admin", "operator", "monitor"]


class Strict(BaseModel):
    """A request body: a field the model does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")
