"""Routes of inputs on customer environments (A056, A058, A059–A070, A078, A080, A086): created, updated, started,
stopped and deleted under the environment they are on, listed for the active organisation."""

from __future__ import annotations

from typing import Literal

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import GUEST, NEEDS_ACTIVE, SUPERUSER, active, managing
from streams.contract.inputs import CREATE, LISTENERS, UPDATE, InputKind, InputsOverview, InputView

ENV = "/api/customer_environment/{environment_id}"
INPUTS = f"{ENV}/inputs"
INPUT = f"{INPUTS}/{{input_id}}"
MANAGING_EDITOR = (SUPERUSER, managing("admin", "operator"))
ORGANISATION_EDITOR = (SUPERUSER, active("admin", "operator"))
OWN_ENVIRONMENT = (
    "The environment belongs to your {which} organisation (a superuser: any); another tenant's or an unknown one "
    "is 404; one being deleted or deleted is 409."
)
ON_CREATE = "An id the organisation already uses for a live input is 409; so is a port another input holds."
ON_UPDATE = "An input not on this environment is 404; one of another kind is 409; so is a port another input holds."
PORTS = "Listener inputs get `port` inside the environment's input port range (SWITCHYARD_INPUT_PORTS), else 400."
ZIXI_SIMULATED = (
    "Zixi is a proprietary protocol: under the reference agent's real media driver (ffmpeg) a Zixi {side} is held "
    "and reported like any other, but no media flows through it and its statistics are simulated."
)
RIST_INPUT_REALISED = (
    "Under the reference agent's real media driver (ffmpeg with librist), a RIST input listens on `port` in the "
    "simple profile with a buffer of `max_latency` ms, at most 30000 (librist's largest); `remote_port` and "
    "`max_bitrate_kbps` are held but not realised (decision 85)."
)
GUESTS_SEE = (
    "A guest of the active organisation (its registered source invitation) sees the inputs it shows all channels "
    "of (the environment's own channel visibility first) or grants it, without technical details (`input_settings` "
    "and `port` null); access through events' labels comes with the scheduler."
)
GUEST_COUNTS = (
    "A guest (an admin or operator of its managing organisation, viewing the environment's organisation through "
    "its source invitation) gets the counts of the inputs that invitation shows it; anyone else's environment is 404."
)
CONTROL = (
    "The environment belongs to your managing organisation (a superuser: any); another tenant's or an unknown one "
    "is 404, so is an input not on it; one stopping, stopped, failed, being deleted or deleted is 409 naming its "
    "state. Answered at once (202): the environment's agent gets the change as a new configuration version; "
    "`state` says `configuring` until it holds it. An input already so changes nothing."
)

_r = RouteBuilder("streams", {"environment_id": "uuid", "input_id": "text"})

Whose = Literal["managing", "active"]
# kind: catalogue ids (create, update), what the seed calls it, and whose admins and operators may write it: the
# seed says "of the managing organisation" for all but SRT caller, which is "of the organisation" (the active one)
KINDS: dict[InputKind, tuple[str, str, str, Whose]] = {
    "zixi_pull": ("A059", "A060", "Zixi PULL input", "managing"),
    "zixi_push": ("A061", "A062", "Zixi PUSH input", "managing"),
    "srt_caller": ("A063", "A064", "SRT Pull input (SRT Caller)", "active"),
    "srt_listener": ("A065", "A066", "SRT push input (SRT Listener)", "managing"),
    "rist": ("A067", "A068", "UDP RIST input", "managing"),
}
EDITORS = {"managing": MANAGING_EDITOR, "active": ORGANISATION_EDITOR}


def _kind_routes(kind: InputKind) -> tuple[Route, Route]:
    create_id, update_id, title, whose = KINDS[kind]
    allow, rule = EDITORS[whose], OWN_ENVIRONMENT.format(which=whose)
    notes = [PORTS if kind in LISTENERS else "", ZIXI_SIMULATED.format(side="input") if "zixi" in kind else "",
             RIST_INPUT_REALISED if kind == "rist" else ""]  # fmt: skip
    note = " ".join(n for n in notes if n)
    return (
        _r(f"inputs.{kind}.create", create_id, "POST", f"{INPUTS}/{kind}", f"Create {title} on a customer environment",
           *allow, request=CREATE[kind], response=InputView, status=201, object_rule=f"{rule} {ON_CREATE}", note=note,
           errors=(404, 409)),
        _r(f"inputs.{kind}.update", update_id, "PATCH", f"{INPUTS}/{kind}/{{input_id}}", f"Update {title}", *allow,
           request=UPDATE[kind], response=InputView, object_rule=f"{rule} {ON_UPDATE}", note=note, errors=(404, 409)),
    )  # fmt: skip


INPUT_ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("inputs.list", "A056", "GET", "/api/inputs", "List inputs of the active organisation", SUPERUSER, active(),
           GUEST, list_of=InputView, object_rule=NEEDS_ACTIVE, note=GUESTS_SEE, errors=(404,)),
        "inputs.schema", "Schema of the inputs collection"),
    *with_schema(
        _r("inputs.environment_list", "A069", "GET", INPUTS, "List inputs of a customer environment", SUPERUSER,
           active(), GUEST, list_of=InputView,
           object_rule=OWN_ENVIRONMENT.format(which="active").split(";")[0] + ".",
           note=f"The seed's second 'List inputs', read as the same list narrowed to one environment. {GUESTS_SEE}",
           errors=(404,)),
        "inputs.environment_schema", "Schema of an environment's inputs collection"),
    *(route for kind in KINDS for route in _kind_routes(kind)),
    _r("inputs.delete", "A070", "DELETE", INPUT, "Delete an input source", *MANAGING_EDITOR, status=204,
       object_rule=f"{OWN_ENVIRONMENT.format(which='managing')} The input is marked deleted and its port is free.",
       errors=(404, 409)),
    _r("inputs.start", "A078", "POST", f"{INPUT}/start", "Start an input on its customer environment",
       *MANAGING_EDITOR, response=InputView, status=202, errors=(404, 409),
       object_rule=f"{CONTROL} A start also clears `warning_sent` and `input_stopped`."),
    _r("inputs.stop", "A080", "POST", f"{INPUT}/stop", "Stop an input on its customer environment", *MANAGING_EDITOR,
       response=InputView, status=202, object_rule=CONTROL, errors=(404, 409)),
    _r("inputs.overview", "A058", "GET", f"{ENV}/inputs_overview", "Inputs overview of a customer environment",
       *MANAGING_EDITOR, response=InputsOverview, errors=(404,),
       object_rule=OWN_ENVIRONMENT.format(which="managing").split(";")[0] + ". " + GUEST_COUNTS,
       note="The seed's 'active environment' read as the environment in the path, as for the outputs overview."),
    *with_schema(
        _r("inputs.dropdown", "A086", "GET", "/api/inputs/dropdown", "Inputs for dropdowns", SUPERUSER, active(), GUEST,
           list_of=InputView, errors=(404,),
           object_rule=f"Live inputs of the active organisation on its running environments. {NEEDS_ACTIVE}",
           note=f"The seed names no role: read as for the inputs list (A056). {GUESTS_SEE}"),
        "inputs.dropdown_schema", "Schema of the inputs dropdown"),
)  # fmt: skip
