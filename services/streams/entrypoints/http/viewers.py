"""Who reads a list: a member of the active organisation (or a superuser), or a guest viewing it through a source
invitation, who sees only what its invitations show it and what its own organisation takes (decision 71)."""

from __future__ import annotations

from common.http.principal import Principal
from streams.config import SCHEMA

# a guest sees an input while a registered invitation of the input's organisation shows it all the channels (of the
# input's environment, where that environment says so), grants it the input (on that environment, or on any), or
# grants it a label of a live event showing the input
SHOWN_TO_GUEST = """EXISTS (
    SELECT 1 FROM {s}.guest_invitations gi
    LEFT JOIN {s}.guest_environment_settings ge ON ge.invitation_id = gi.invitation_id
                                                AND ge.environment_id = {t}.environment_id
    WHERE gi.guest_organisation_id = {guest} AND gi.owner_organisation_id = {t}.organisation_id
      AND gi.registered AND NOT gi.deleted
      AND (coalesce(ge.show_all_channels, gi.show_all_channels) OR EXISTS (
           SELECT 1 FROM {s}.guest_input_grants gg WHERE gg.invitation_id = gi.invitation_id AND gg.input_id = {t}.id
              AND (gg.environment_id IS NULL OR gg.environment_id = {t}.environment_id)) OR EXISTS (
           SELECT 1 FROM {s}.shown_events se JOIN {s}.guest_label_grants gl ON gl.label_id = ANY(se.label_ids)
            WHERE gl.invitation_id = gi.invitation_id AND NOT se.withdrawn AND se.organisation_id = {t}.organisation_id
              AND se.environment_id = {t}.environment_id AND se.input_id = {t}.id)))"""
# a guest's outputs are those its organisation takes on the environments of the organisation it views
TAKEN_BY_GUEST = """{t}.taker_organisation_id = {guest} AND {t}.environment_id IN (
    SELECT id FROM {s}.input_environments WHERE organisation_id = {owner})"""


def guest(principal: Principal) -> int | None:
    """The guest organisation the caller views its active organisation for (None: a member or a superuser)."""
    if principal.is_superuser or principal.active_role is not None or principal.active_guest is None:
        return None
    return principal.managing_organisation_id


def shown_to_guest(table: str, guest_parameter: int) -> str:
    """The condition on ``table``'s inputs that a guest (the query's parameter ``guest_parameter``) sees them."""
    return SHOWN_TO_GUEST.format(s=SCHEMA, t=table, guest=f"${guest_parameter}")


def taken_by_guest(table: str, guest_parameter: int, owner_parameter: int) -> str:
    return TAKEN_BY_GUEST.format(s=SCHEMA, t=table, guest=f"${guest_parameter}", owner=f"${owner_parameter}")
