"""Routes the environments service owns: c_env lifecycle, status, history and the cloud catalogue."""

from __future__ import annotations

from pydantic import BaseModel

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import AGENT, AUTHENTICATED, GUEST, NEEDS_ACTIVE, SUPERUSER, active, managing
from environments.contract.schemas import (
    CloudProvider,
    CreateEnvironment,
    EnvironmentStatus,
    EnvironmentView,
    HistoryEntry,
    InstanceType,
    Region,
    UpgradeEnvironment,
    VisibleEnvironment,
    VisibleEnvironmentDetails,
)

ENV = "/api/customer_environment/{environment_id}"
REGIONS = "/api/cloud_providers/{provider}/regions"
INSTANCE_TYPES = f"{REGIONS}/{{region}}/instance_types"
ACTION_RULE = (
    "You must be an admin of the environment's organisation (as your managing or active organisation) or a "
    "superuser; members without admin get 403, anyone else 404. Illegal in the current state: 409."
)
ACT = (SUPERUSER, managing("admin"), active("admin"))
NEEDS_MANAGING = "A caller with no managing organisation (a superuser may have none) gets 404."


_r = RouteBuilder("environments", {"environment_id": "uuid", "provider": "text", "region": "text"})


def _action(name: str, cid: str, verb: str, summary: str, note: str = "",
            request: type[BaseModel] | None = None) -> Route:  # fmt: skip
    return _r(name, cid, "POST", f"{ENV}/{verb}", summary, *ACT, request=request, response=EnvironmentView,
              status=202, object_rule=ACTION_RULE, note=note, errors=(404,))  # fmt: skip


ROUTES: tuple[Route, ...] = (
    _r("environments.create", "A029", "POST", "/api/customer_environment", "Create a new environment",
       SUPERUSER, managing("admin"), request=CreateEnvironment, response=EnvironmentView, status=201,
       object_rule="Created in the managing organisation."),
    _r("environments.details", "A030", "GET", ENV, "Environment details", SUPERUSER, active(), GUEST, AGENT,
       response=VisibleEnvironmentDetails,
       object_rule="The environment belongs to your active organisation: members see every detail, guests a "
       "reduced view; an agent sees only its own environment; anyone else 404. The first read after creation "
       "finished returns jwt_token and switches the caller to the environment and its organisation.",
       errors=(404,)),
    _action("environments.upgrade", "A031", "upgrade", "Upgrade now (not for normal usage)",
            request=UpgradeEnvironment),
    _r("environments.delete", "A032", "DELETE", ENV, "Delete an environment", *ACT, response=EnvironmentView,
       status=202, object_rule=ACTION_RULE, errors=(404,)),
    _action("environments.quick_update", "A033", "quick_update", "Quick update from git",
            note="The seed names no role; read as for start and stop."),
    _action("environments.restart", "A034", "restart", "Soft restart",
            note="The seed names no role; read as for start and stop."),
    _action("environments.start", "A035", "start", "Start (also retries a failed provisioning)"),
    _action("environments.stop", "A037", "stop", "Stop"),
    *with_schema(
        _r("environments.history", "P09", "GET", f"{ENV}/history", "Lifecycle history of an environment",
           SUPERUSER, active(), list_of=HistoryEntry,
           object_rule="The environment belongs to your active organisation; else 404.", errors=(404,)),
        "environments.history_schema", "Schema of an environment's lifecycle history"),
    *with_schema(
        _r("environments.running", "A044", "GET", "/api/customer_environments/running",
           "Environments running in the active organisation", SUPERUSER, active(), GUEST,
           list_of=VisibleEnvironment,
           note="The seed names no role; members and guests of the active organisation and superusers.",
           object_rule=NEEDS_ACTIVE, errors=(404,)),
        "environments.running_schema", "Schema of the running environments collection"),
    *with_schema(
        _r("environments.dropdown", "A116", "GET", "/api/customer_environments/dropdown",
           "Environments of the managing organisation for dropdowns (active and deleted)", SUPERUSER, managing(),
           list_of=EnvironmentView, object_rule=NEEDS_MANAGING, errors=(404,)),
        "environments.dropdown_schema", "Schema of the environments dropdown"),
    *with_schema(
        _r("environments.status_list", "P08", "GET", "/api/status/customer_environment/",
           "Live state and load of the active organisation's environments", SUPERUSER, active(),
           list_of=EnvironmentStatus, object_rule=NEEDS_ACTIVE, errors=(404,)),
        "environments.status_schema", "Schema of the environment status collection"),
    _r("environments.status_detail", "P08", "GET", "/api/status/customer_environment/{environment_id}/",
       "Live state and load of one environment", SUPERUSER, active(),
       object_rule="The environment belongs to your active organisation; else 404.", errors=(404,)),
    *with_schema(
        _r("cloud.providers", "A023", "GET", "/api/cloud_providers", "Supported cloud providers", AUTHENTICATED,
           list_of=CloudProvider),
        "cloud.providers_schema", "Schema of the cloud providers collection"),
    *with_schema(
        _r("cloud.regions", "A026", "GET", REGIONS, "Regions of a cloud provider", AUTHENTICATED, list_of=Region,
           object_rule="An unknown provider: 404.", errors=(404,)),
        "cloud.regions_schema", "Schema of the regions collection"),
    *with_schema(
        _r("cloud.instance_types", "A025", "GET", INSTANCE_TYPES, "Instance types in a region", SUPERUSER,
           managing(), list_of=InstanceType, object_rule=f"An unknown provider or region: 404. {NEEDS_MANAGING}",
           errors=(404,)),
        "cloud.instance_types_schema", "Schema of the instance types collection"),
)  # fmt: skip
