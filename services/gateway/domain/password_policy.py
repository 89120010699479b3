"""What every password must be, whoever chooses it (a user, a reset, bootstrap-admin): see docs/decisions/0030."""

from __future__ import annotations

from common.errors import Invalid
from gateway.domain.common_passwords import COMMON_PASSWORDS
from gateway.domain.identities import email_key

MIN_LENGTH = 12
MAX_LENGTH = 1024


def check_password(password: str, email: str = "", field: str = "new_password") -> None:
    """Raise ``Invalid`` naming ``field`` unless ``password`` is long enough, not common and not the address."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise Invalid(f"a password must be {MIN_LENGTH} to {MAX_LENGTH} characters long", field)
    folded = email_key(password)
    if folded in COMMON_PASSWORDS or len(set(folded)) < 4:
        raise Invalid("this password is too common or too easy to guess; choose another", field)
    local_part = email_key(email).partition("@")[0]
    if email and (folded == email_key(email) or (len(local_part) >= 4 and local_part in folded)):
        raise Invalid("a password must not contain your email address", field)
