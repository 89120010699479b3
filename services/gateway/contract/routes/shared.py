"""What the gateway's route tables share: the builder, the usual rule sets, and phrasings of rules."""

from __future__ import annotations

from common.access.parameters import Kind
from common.access.shorthand import SUPERUSER, managing

MEMBER_OR_SU = (SUPERUSER, managing())
ADMIN_OR_SU = (SUPERUSER, managing("admin"))
EDITOR_OR_SU = (SUPERUSER, managing("admin", "operator"))
STRICT = "The seed names no role; read strictly as admins of the managing organisation and superusers."
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 409."
PARAMETERS: dict[str, Kind] = {
    "user_id": "uuid", "organisation_id": "organisation_id", "email": "email", "invitation_id": "uuid",
    "label_id": "uuid", "environment_id": "uuid", "input_id": "text", "token": "text",
}  # fmt: skip
