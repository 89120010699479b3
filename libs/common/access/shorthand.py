"""Short names for the rule atoms the route tables use."""

from __future__ import annotations

from common.access.rules import ALL_ROLES, Allow
from common.http.principal import Role

ANYONE = Allow("anyone")
AUTHENTICATED = Allow("authenticated")
SUPERUSER = Allow("superuser")
ACCOUNTS_USER = Allow("accounts_user")
ACCOUNTS_ADMIN = Allow("accounts_admin")
ROOT = Allow("root")
GUEST = Allow("active_guest")
AGENT = Allow("agent")
CLOUD_WORKER = Allow("cloud_worker")
NEEDS_ACTIVE = "A caller with no active organisation (a superuser may have none) gets 404."


def managing(*roles: Role) -> Allow:
    return Allow("managing_member", roles or ALL_ROLES)


def active(*roles: Role) -> Allow:
    return Allow("active_member", roles or ALL_ROLES)
