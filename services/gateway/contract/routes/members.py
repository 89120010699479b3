"""Gateway routes about the managing organisation's members, email invitations, root user and token."""

from __future__ import annotations

from common.access.builder import RouteBuilder, with_schema
from common.access.rules import Route
from common.access.shorthand import ACCOUNTS_ADMIN, ACCOUNTS_USER, AUTHENTICATED, ROOT, SUPERUSER, managing
from gateway.contract.routes.shared import ADMIN_OR_SU, NEEDS_MANAGING, PARAMETERS, STRICT
from gateway.contract.schemas.organisations import (
    AcceptInvitation,
    AddUser,
    ChangeRoot,
    InvitationView,
    InvitedUser,
    MemberPermission,
    MemberView,
    OrganisationView,
    TokenInfo,
    TokenSecret,
    UpdatePermission,
)

_r = RouteBuilder("gateway", PARAMETERS)
TOKEN = "/api/organisation/token"

MEMBERS_ROUTES: tuple[Route, ...] = (
    _r("organisation_users.add", "A170", "POST", "/api/organisation/users", "Add a user to the managing organisation",
       *ADMIN_OR_SU, request=AddUser, response=InvitedUser, status=201,
       note=STRICT + " It invites the email, and the answer is the same whether or not it had an account: a "
       "password shown once, also mailed to the address. A new address gets an account whose temporary password "
       "it is; an existing user accepts with it as the code (A183). Either way the user is a member only once "
       "they answered.",
       object_rule="A user with no managing organisation is switched to this one when they join."),
    _r("organisation_users.remove", "A175", "DELETE", "/api/organisation/users/{user_id}",
       "Remove a user from the managing organisation", *ADMIN_OR_SU, status=204,
       note=STRICT + " The user record is deleted too only when the user is not the caller, not the organisation's "
       "creator, and has no other membership (the seed's rule plus the last condition, so no one loses access "
       "to another organisation).", errors=(404,)),
    _r("organisation_users.update", "A176", "PATCH", "/api/organisation/users/{user_id}",
       "Update a user's permission", SUPERUSER, ACCOUNTS_ADMIN, managing("admin"),
       request=UpdatePermission, response=MemberPermission,
       object_rule="The root user's permission changes only by a superuser; anyone else hands root over first "
       "(A181), so no admin can demote the root and leave the organisation without one (403).", errors=(404,)),
    *with_schema(
        _r("organisation_users.list", "A177", "GET", "/api/organisation/users", "Users in the managing organisation",
           SUPERUSER, ACCOUNTS_USER, ACCOUNTS_ADMIN, managing(), list_of=MemberView,
           object_rule=f"Only yourself unless you are its admin, a superuser or an accounts user. {NEEDS_MANAGING}",
           errors=(409,)),
        "organisation_users.schema", "Schema of the managing organisation's users"),
    _r("organisation.change_root", "A181", "POST", "/api/organisation/root_user", "Change the root user", ROOT,
       request=ChangeRoot, response=OrganisationView),
    _r("organisation_invitations.details", "P05", "GET", "/api/organisation/invitations/{email}",
       "An organisation invitation by email", *ADMIN_OR_SU, response=InvitationView,
       note="Where A170's Location points: pending until the user answers, then accepted.", errors=(404,)),
    _r("organisation_invitations.remove", "A182", "DELETE", "/api/organisation/invitations/{email}",
       "Remove an organisation invitation by email", *ADMIN_OR_SU, status=204,
       note="A pending invitation is withdrawn; an accepted one's membership ends.", errors=(404,)),
    _r("organisation_invitations.accept", "A183", "POST", "/api/organisation_invitations/{invitation_id}/accept",
       "Accept an organisation invitation", AUTHENTICATED, request=AcceptInvitation, response=InvitationView,
       object_rule="Only the user whose email is on the invitation, with its code; otherwise 404.", errors=(404,)),
    _r("organisation_invitations.decline", "A183", "POST", "/api/organisation_invitations/{invitation_id}/decline",
       "Decline an organisation invitation", AUTHENTICATED, status=204,
       object_rule="Only the user whose email is on the invitation; otherwise 404.", errors=(404,)),
    _r("organisation.leave", "A184", "POST", "/api/organisation/leave", "Leave the managing organisation",
       managing(), status=204, note="The root user must hand root over first (409).", errors=(409,)),
    _r("organisation.token", "I01", "POST", TOKEN, "Create or rotate the generated-token secret",
       *ADMIN_OR_SU, response=TokenSecret, status=201,
       note="Requests with a generated token act as an operator of that organisation."),
    _r("organisation.token_details", "P05", "GET", TOKEN, "When the generated-token secret was last set",
       *ADMIN_OR_SU, response=TokenInfo, note="What the Location of creating the secret points at; never the secret.",
       object_rule=f"An organisation without a secret yet: 404. {NEEDS_MANAGING}", errors=(404, 409)),
)  # fmt: skip
