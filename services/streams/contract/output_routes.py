"""Routes of outputs on customer environments (A087–A103, A109, A110, A113): created and updated per kind, read,
started, stopped and deleted under the environment they are on, listed for their taker organisation, their state
per environment, and every output of every environment for billing."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import AGENT, GUEST, NEEDS_ACTIVE, SUPERUSER, active, managing
from streams.contract.input_routes import ZIXI_SIMULATED
from streams.contract.outputs import (
    CREATE,
    LISTEN_PORT,
    UPDATE,
    GuestDestinationsDeleted,
    OutputCredentials,
    OutputInEnvironment,
    OutputKind,
    OutputState,
    OutputView,
)

ENV = "/api/customer_environment/{environment_id}"
OUTPUTS = f"{ENV}/outputs"
OUTPUT = f"{OUTPUTS}/{{output_id}}"
EDITOR = (SUPERUSER, managing("admin", "operator"))
STARTER = EDITOR  # the seed: "admin or operator of the managing organisation owning output", no word on the active one
OWN_ENVIRONMENT = (
    "The environment belongs to your managing organisation, which is also your active one (a superuser: any); "
    "another tenant's or an unknown one is 404; one being deleted or deleted is 409."
)
ON_CREATE = "An id the taker already uses for a live output is 409; so is a port another output holds."
ON_UPDATE = "An output not on this environment is 404; one of another kind is 409; so is a port another output holds."
PORTS = "Listener outputs get their local port inside the environment's output port range (SWITCHYARD_OUTPUT_PORTS)."
GUESTS = (
    "A guest takes outputs for its managing organisation on an environment of an organisation that invited it, "
    "while a registered source invitation lets it (show_all_channels, possibly per environment, or show_all_events, "
    "or a grant of an input on that environment; access through events' labels comes with the scheduler), and "
    "holds fewer than its maximum destinations there (409 otherwise). Output ids are unique on an environment."
)
GUESTS_SEE = (
    "A guest viewing the organisation that invited it (its active organisation) sees only the outputs its own "
    "managing organisation takes on that organisation's environments; members see every output."
)
SECRETS: dict[OutputKind, str] = {
    "srt_listener": "The SRT password is never answered: `password_set` says whether one is kept.",
    "srt_caller": "The SRT password is never answered: `password_set` says whether one is kept.",
    "rtmp": "The addresses carry the stream key: they are answered masked (scheme, host, port and path, the last "
    "segment replaced by `********`); sending one back as shown keeps the kept one.",
}
RIST_REALISED = (
    "Under the reference agent's real media driver (ffmpeg with librist 0.2.7), a RIST output sends the simple "
    "profile to `host`:`port`; `fec` (with `rows_d` and `columns_l`), `ttl` and `local_port` are validated and held "
    "but not realised: librist has no forward error correction, no TTL setting and no choice of the local source "
    "port, so the stream goes without FEC, with the system's TTL, from a port the system picks (decision 85)."
)
CONTROL = (
    "The output's taker is your managing organisation (the environment's or a guest of it; a superuser: any); "
    "another tenant's or an unknown environment is 404, so is an output not on it; one stopping, stopped, failed, "
    "being deleted or deleted is 409 naming its state. Answered at once (202): the environment's agent gets the "
    "change as a new configuration version; `state` says `configuring` until it holds it. An output already so "
    "changes nothing."
)

_r = RouteBuilder("streams", {"environment_id": "uuid", "output_id": "text", "token": "text"})

# kind: catalogue ids (create, update) and what the seed calls it
KINDS: dict[OutputKind, tuple[str, str, str]] = {
    "zixi_pull": ("A090", "A091", "Zixi pull output"),
    "zixi_push": ("A092", "A093", "Zixi push output"),
    "rtmp": ("A094", "A095", "RTMP output"),
    "srt_listener": ("A096", "A097", "SRT pull output (SRT listener)"),
    "srt_caller": ("A098", "A099", "SRT push output (SRT caller)"),
    "rist": ("A100", "A101", "UDP RIST output"),
}


def _note(kind: OutputKind) -> str:
    zixi = ZIXI_SIMULATED.format(side="output") if "zixi" in kind else ""
    rist = RIST_REALISED if kind == "rist" else ""
    notes = [PORTS if kind in LISTEN_PORT else "", SECRETS.get(kind, ""), zixi, rist, GUESTS]
    return " ".join(note for note in notes if note)


def _kind_routes(kind: OutputKind) -> tuple[Route, Route]:
    create_id, update_id, title = KINDS[kind]
    return (
        _r(f"outputs.{kind}.create", create_id, "POST", f"{OUTPUTS}/{kind}", f"Create {title} on an environment",
           *EDITOR, request=CREATE[kind], response=OutputView, status=201,
           object_rule=f"{OWN_ENVIRONMENT} {ON_CREATE}", note=_note(kind), errors=(404, 409)),
        _r(f"outputs.{kind}.update", update_id, "PATCH", f"{OUTPUTS}/{kind}/{{output_id}}", f"Update {title}", *EDITOR,
           request=UPDATE[kind], response=OutputView, object_rule=f"{OWN_ENVIRONMENT} {ON_UPDATE}", note=_note(kind),
           errors=(404, 409)),
    )  # fmt: skip


OUTPUT_ROUTES: tuple[Route, ...] = (
    *with_schema(
        _r("outputs.list", "A087", "GET", "/api/outputs", "List outputs of the active organisation as their taker",
           SUPERUSER, active(), GUEST, list_of=OutputView, object_rule=NEEDS_ACTIVE,
           note=f"The seed: 'done by taker organisation ID'; the active organisation's for its members. {GUESTS_SEE}",
           errors=(404,)),
        "outputs.schema", "Schema of the outputs collection"),
    *with_schema(
        _r("outputs.overview", "A089", "GET", OUTPUTS, "Outputs overview of a customer environment", *EDITOR,
           list_of=OutputView, errors=(404,),
           object_rule=f"{OWN_ENVIRONMENT.split(';')[0]}, or your active one as its guest (an admin or operator of "
                       "your managing organisation). Another tenant's or an unknown environment is 404.",
           note=f"Read as the list of the environment's outputs. {GUESTS_SEE}"),
        "outputs.overview_schema", "Schema of an environment's outputs overview"),
    *(route for kind in KINDS for route in _kind_routes(kind)),
    _r("outputs.get", "A103", "GET", OUTPUT, "Get a single output", SUPERUSER, active(), GUEST,
       object_rule="The output's taker is your active organisation (a superuser: any); a guest's: its managing "
                   "organisation, on an environment of its active one; else 404.",
       response=OutputView, note=f"The seed names no rule: read as for the outputs list (A087). {GUESTS_SEE}",
       errors=(404,)),
    _r("outputs.delete", "A102", "DELETE", OUTPUT, "Delete an output", *EDITOR, status=204,
       object_rule=f"The taker is your managing organisation. {OWN_ENVIRONMENT} The output is marked deleted, its "
                   "port is free and its credentials forgotten.",
       note="Permanent schedules and agreements are not served yet: nothing is released.", errors=(404, 409)),
    _r("outputs.guest_delete_all", "A218", "DELETE",
       "/api/source_invitations/{token}/environments/{environment_id}/destinations",
       "Delete all destinations from guest in c_env", SUPERUSER, managing("admin"), response=GuestDestinationsDeleted,
       object_rule="The token names a source invitation of your managing organisation, and the environment is "
                   "that organisation's (a superuser: any); else 404.",
       note="Deletes every live output the invitation's guest takes on the environment (their alerts follow the "
            "outputs' deletion events).", errors=(404, 409)),
    _r("outputs.credentials", "A103", "GET", f"{OUTPUT}/credentials", "The output's credentials, for its agent",
       AGENT, response=OutputCredentials,
       object_rule="Only the agent of the environment the output is on; any other environment's output is 404.",
       note="How an agent gets the secrets its configuration holds masked (an SRT password, RTMP addresses with "
            "their stream keys), which never travel on the bus (decision 56). Read as a part of the single output.",
       errors=(404,)),
    _r("outputs.start", "A109", "POST", f"{OUTPUT}/start", "Start an output on its customer environment", *STARTER,
       response=OutputView, status=202, object_rule=CONTROL, errors=(404, 409)),
    _r("outputs.stop", "A110", "POST", f"{OUTPUT}/stop", "Stop an output on its customer environment", *STARTER,
       response=OutputView, status=202, object_rule=CONTROL, errors=(404, 409)),
    *with_schema(
        _r("outputs.state", "A088", "GET", f"{ENV}/outputs_state", "State of the outputs of a customer environment",
           SUPERUSER, active(), GUEST, list_of=OutputState,
           object_rule="The environment belongs to your active organisation (a superuser: any); another tenant's or "
                       "an unknown one is 404; one not running is 409 naming its state. Live outputs only: a "
                       "guest sees those its managing organisation takes.",
           note="The seed's 'active environment' read as the environment in the path; 'anyone with access' as its "
                "members and its guests (as A115 lets them switch to it).",
           errors=(404, 409)),
        "outputs.state_schema", "Schema of an environment's outputs state"),
    *with_schema(
        _r("outputs.all", "A113", "GET", "/api/outputs/all_environments",
           "All outputs on all environments of the managing organisation, deleted ones included", *STARTER,
           list_of=OutputInEnvironment, errors=(404,),
           object_rule="Every output (deleted ones too) on every environment (deleted ones too) of your managing "
                       "organisation, and every output your managing organisation takes as a guest on other "
                       "organisations' environments (billed to it when its invitation says so); a superuser: of "
                       "every organisation. A caller with no managing organisation gets 404."),
        "outputs.all_schema", "Schema of all outputs on all environments"),
)  # fmt: skip
