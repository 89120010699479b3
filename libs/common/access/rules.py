"""Rule atoms, routes, and the one function that decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from common.access.parameters import PathParameter, QueryParameter, placeholders
from common.http.principal import Principal, Role
from common.http.problems import ABOUT_BLANK

Who = Literal[
    "anyone",
    "authenticated",
    "superuser",
    "accounts_user",
    "accounts_admin",
    "managing_member",
    "active_member",
    "root",
    "active_guest",
    "agent",
    "cloud_worker",
]
Decision = Literal["allow", "unauthenticated", "forbidden"]
Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
ALL_ROLES: tuple[Role, ...] = ("admin", "operator", "monitor")

_DESCRIPTIONS: dict[Who, str] = {
    "anyone": "anyone, signed in or not",
    "authenticated": "any signed-in user",
    "superuser": "superuser",
    "accounts_user": "accounts user",
    "accounts_admin": "accounts admin",
    "managing_member": "{roles} of the managing organisation",
    "active_member": "{roles} of the active organisation",
    "root": "root user of the managing organisation",
    "active_guest": "guest of the active organisation (accepted, registered source invitation)",
    "agent": "c_env agent",
    "cloud_worker": "cloud worker",
}


@dataclass(frozen=True)
class Allow:
    """One way of being allowed; a route lists several and any one suffices."""

    who: Who
    roles: tuple[Role, ...] = ALL_ROLES

    def admits(self, principal: Principal) -> bool:
        user = principal.kind == "user"
        match self.who:
            case "anyone":
                return True
            case "authenticated":
                return user
            case "superuser":
                return user and principal.is_superuser
            case "accounts_user":
                return user and principal.is_accounts_user
            case "accounts_admin":
                return user and principal.is_accounts_admin
            case "managing_member":
                return user and principal.managing_role in self.roles
            case "active_member":
                return user and principal.active_role in self.roles
            case "root":
                return user and principal.is_root
            case "active_guest":
                return user and principal.active_guest is not None and principal.active_guest.registered
            case "agent":
                return principal.kind == "agent"
            case "cloud_worker":
                return principal.kind == "cloud_worker"

    def describe(self) -> str:
        roles = "any member" if self.roles == ALL_ROLES else " or ".join(self.roles)
        return _DESCRIPTIONS[self.who].format(roles=roles)


@dataclass(frozen=True)
class Route:
    """An HTTP route: where it is, who owns it, who may call it, and what it reads and writes.

    ``object_rule`` is the object-level check the owning service makes on top (this environment
    belongs to the caller's organisation...); ``note`` records how a vague seed rule was read.
    ``request`` and ``response`` are the body models; ``list_of`` makes the route a paged list (P01)
    of that model's objects. The models live in the owning service's ``contract`` package, which
    imports nothing but pydantic and this machinery. ``errors`` are the statuses the route's own
    checks answer (404 for what the caller may not see, 409 for a state that forbids it...); what
    the plumbing answers follows from the row's shape (``common.access.statuses``).
    ``path_parameters`` types every ``{placeholder}`` of the path, in order.
    ``constraint_violation_type`` is the problem type of the 400 for a request that breaks a constraint:
    ``about:blank`` on native routes, the dialect's own on a façade's.
    ``query`` are the query parameters the route reads itself (a façade's ``organizationId``...: the gateway
    then leaves ``organizationId`` to it). ``actions`` gives, for a route whose ``action`` query parameter names
    the operation (seed 001's façade), each action's catalogue id. ``dialect_error`` is the body of the errors
    a façade answers in its own dialect (as JSON), beside the problem details of the plumbing; the gateway
    builds it from ``{"message": ...}`` for the callers it refuses. ``response_media_type``: what a successful
    answer is, when it is not JSON (an image...). ``form_files``: the file fields of a ``multipart/form-data``
    body the route also takes (an upload), beside its JSON ``request``.
    """

    name: str
    catalogue_id: str
    method: Method
    path: str
    service: str
    summary: str
    allow: tuple[Allow, ...]
    object_rule: str = ""
    note: str = ""
    request: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    list_of: type[BaseModel] | None = None
    errors: tuple[int, ...] = ()
    path_parameters: tuple[PathParameter, ...] = ()
    constraint_violation_type: str = ABOUT_BLANK
    query: tuple[QueryParameter, ...] = ()
    actions: tuple[tuple[str, str], ...] = ()
    dialect_error: type[BaseModel] | None = None
    response_media_type: str = "application/json"
    form_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if [p.name for p in self.path_parameters] != placeholders(self.path):
            raise ValueError(f"{self.name}: path_parameters must type exactly {placeholders(self.path)}")

    @property
    def query_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.query) | ({"action"} if self.actions else set())

    @property
    def paged(self) -> bool:
        return self.list_of is not None


def decide(route: Route, principal: Principal) -> Decision:
    if any(rule.admits(principal) for rule in route.allow):
        return "allow"
    return "unauthenticated" if principal.kind == "anonymous" else "forbidden"
