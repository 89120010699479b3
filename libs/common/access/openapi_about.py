"""What the OpenAPI document says about the API as a whole: its description and the conventions it follows."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

# The catalogue's platform-wide conventions that hold for every route of the document (each checked by a
# test); a convention only some routes follow yet (P05: not every Location has a GET behind it) is not here.
CONVENTIONS = ("I01", "K07", "P01", "P02", "P03", "P04")
DESCRIPTION = """\
Every route of the Switchyard platform, as the gateway serves it. Each operation carries its
catalogue id (`x-catalogue-id`), the owning service (`x-service`) and who may call it (`x-access`,
any one rule suffices); the object-level rule the owning service adds is in its description. The
platform-wide conventions of the catalogue the whole API follows are listed in `x-catalogue-ids`.

Sign in with `POST /api/login` and send `Authorization: Bearer <jwt_token>`. A generated
organisation token (seed 001) is sent the same way with the `organizationId` query parameter and
acts as an operator of that organisation. Lists take `limit`, `offset`, `order_by` and field
filters (`<field>=` or `<field>__<match>=`; each collection's `schema/` lists them). Writes accept
an `Idempotency-Key` header. Errors are problem details (`application/problem+json`); a request
that breaks a constraint is a 400 naming each field in `errors`."""


def info() -> dict[str, Any]:
    return {"title": "Switchyard API", "version": version("switchyard"), "description": DESCRIPTION}
