"""The mails the gateway sends: a password reset link, an organisation invitation."""

from __future__ import annotations

import uuid

from common.mail import Mail


def password_reset(email: str, token: str) -> Mail:
    text = (
        "Someone asked to reset the password of your Switchyard account. If it was you, choose a new one with\n\n"
        f'    POST /api/password_reset/confirm  {{"token": "{token}", "new_password": "..."}}\n\n'
        "within 30 minutes. The token works once. Resetting ends every session of your account.\n"
        "If it was not you, ignore this mail: nothing changes.\n"
    )
    return Mail(email, "Reset your Switchyard password", text)


def invitation(email: str, organisation: str, invitation_id: uuid.UUID, code: str) -> Mail:
    text = (
        f"You are invited to join {organisation} on Switchyard.\n\n"
        f"If you have no account yet, log in as {email} with the password {code} and choose your own with\n"
        "new_password: that accepts the invitation.\n\n"
        "If you have an account, sign in and accept with\n\n"
        f'    POST /api/organisation_invitations/{invitation_id}/accept  {{"code": "{code}"}}\n\n'
        f"or decline with POST /api/organisation_invitations/{invitation_id}/decline.\n"
        "If you cannot sign in, reset your password first (POST /api/password_reset).\n"
    )
    return Mail(email, f"Invitation to {organisation} on Switchyard", text)
