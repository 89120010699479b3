"""The public address of a c_env, where its listener inputs are reached (an Icareus channel's ``ingestUrl`` and
``originAddress``): the host the operator's template makes of what the platform knows of the environment, its id
and where it runs (decision 70)."""

from __future__ import annotations

import re
import string
import uuid
from dataclasses import dataclass

PLACES = ("environment_id", "cloud_provider", "region")
UNKNOWN = "unknown"  # where streams never heard an environment's location (announced before it kept them)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class Location:
    environment_id: uuid.UUID
    cloud_provider: str | None = None
    region: str | None = None


def check_template(template: str) -> str:
    """A host name template naming only the known places; a sample environment must make a valid host of it."""
    try:
        named = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    except ValueError as exc:
        raise ValueError(f"{template!r} is not a host name template: {exc}") from exc
    if not named <= set(PLACES) or "environment_id" not in named:
        raise ValueError(f"{template!r} must name {{environment_id}}, and may name only {', '.join(PLACES)}")
    sample = host(template, Location(uuid.UUID(int=0), "aws", "eu-west-1"))
    if len(sample) > 253 or not all(_LABEL.match(label) for label in sample.split(".")):
        raise ValueError(f"{template!r} does not make a valid host name ({sample!r})")
    return template


def _label(value: str | None) -> str:
    """A provider's or region's name as one DNS label: lower case, anything else a hyphen."""
    cleaned = re.sub(r"[^a-z0-9-]+", "-", (value or UNKNOWN).lower()).strip("-")
    return cleaned[:63] or UNKNOWN


def host(template: str, location: Location) -> str:
    return template.format(environment_id=location.environment_id, cloud_provider=_label(location.cloud_provider),
                           region=_label(location.region)).lower()  # fmt: skip


def srt_url(public_host: str, port: int | None) -> str:
    return f"srt://{public_host}:{port}"
