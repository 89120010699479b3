"""Gateway routes about the signed-in user: logging in, details, permissions, switching context."""

from __future__ import annotations

from common.access.builder import RouteBuilder
from common.access.rules import Route
from common.access.shorthand import ANYONE, AUTHENTICATED, NEEDS_ACTIVE, SUPERUSER
from gateway.contract.routes.shared import PARAMETERS
from gateway.contract.schemas.accounts import (
    ActiveOrganisationToken,
    ChangePassword,
    LoginRequest,
    PasswordResetRequested,
    PermissionsView,
    RequestPasswordReset,
    ResetPassword,
    SwitchEnvironment,
    SwitchOrganisation,
    TokenResponse,
    UserDetails,
)
from gateway.contract.schemas.organisations import OrganisationView

_r = RouteBuilder("gateway", PARAMETERS)

ACCOUNTS_ROUTES: tuple[Route, ...] = (
    _r("auth.login", "A131", "POST", "/api/login", "Log in and get a JWT", ANYONE,
       request=LoginRequest, response=TokenResponse,
       note="Attempts are counted before the password is checked: per account from one address, per address and "
       "per account from anywhere (429 with Retry-After; a limit that trips again waits twice as long). A temporary "
       "password (A170's) logs in only with new_password, else 400 naming it.", errors=(429,)),
    _r("auth.change_password", "A131", "POST", "/api/user/password", "Change your password", AUTHENTICATED,
       request=ChangePassword, response=TokenResponse,
       object_rule="A signed-in user (not a generated token), with the current password: a wrong one is a 400 "
       "counted like a failed login. Every other session ends; the answer carries this session's new token.",
       errors=(429,)),
    _r("auth.request_password_reset", "A131", "POST", "/api/password_reset", "Mail a password reset link",
       ANYONE, request=RequestPasswordReset, response=PasswordResetRequested, status=202,
       note="The same answer whether or not the address has an account; at most one mail a minute to an address. "
       "The link's token works once, for 30 minutes."),
    _r("auth.reset_password", "A131", "POST", "/api/password_reset/confirm", "Set a new password with a reset token",
       ANYONE, request=ResetPassword, status=204,
       note="Every session of the account ends, and its failed logins are forgotten."),
    _r("user.me", "A273", "GET", "/api/user", "Logged-in user details", AUTHENTICATED, response=UserDetails),
    _r("user.getting_started_seen", "A274", "POST", "/api/user/getting_started_seen", "Mark getting started seen",
       AUTHENTICATED, response=UserDetails),
    _r("user.active_organisation", "A276", "GET", "/api/user/active_organisation",
       "Active organisation details (deprecated)", AUTHENTICATED, response=OrganisationView,
       object_rule=NEEDS_ACTIVE, errors=(404,)),
    _r("user.permissions", "A277", "GET", "/api/user/permissions", "Logged-in user's permissions", AUTHENTICATED,
       response=PermissionsView),
    _r("users.details", "A278", "GET", "/api/users/{user_id}", "User details", AUTHENTICATED,
       response=UserDetails, object_rule="Yourself, or anyone if you are a superuser; otherwise 404.", errors=(404,)),
    _r("users.delete", "A138", "DELETE", "/api/users/{user_id}", "Delete a user", SUPERUSER, status=204,
       note="Where the user is root, the organisation's earliest remaining admin becomes root; with no other admin "
       "the deletion is refused (409) until one is made or the organisation is deleted.", errors=(404, 409)),
    _r("user.switch_environment", "A115", "POST", "/api/user/active_environment", "Switch active environment",
       AUTHENTICATED, request=SwitchEnvironment, response=TokenResponse,
       object_rule="Superuser, member of the environment's organisation, or guest with an accepted, registered "
       "source invitation from it; otherwise 404.", errors=(404,)),
    _r("user.switch_managing", "A140", "POST", "/api/user/managing_organisation", "Switch managing organisation",
       AUTHENTICATED, request=SwitchOrganisation, response=TokenResponse,
       object_rule="You must be a member; superusers and accounts users may pick any organisation. Otherwise 404.",
       errors=(404,)),
    _r("user.switch_active", "A187", "POST", "/api/user/active_organisation", "Switch active organisation",
       AUTHENTICATED, request=SwitchOrganisation, response=ActiveOrganisationToken,
       object_rule="Member of it, or your managing organisation holds an accepted source invitation from it; "
       "otherwise 404.", errors=(404,)),
)  # fmt: skip
