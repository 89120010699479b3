"""One way to tell whether two spellings of an email address name the same account.

The key is the address compatibility-normalised (NFKC), case-folded and stripped, repeated until it no
longer changes. The users table stores it (unique among live users), lookups compare it exactly, and the
login throttle counts attempts by it, so the database, the throttle and uniqueness always agree.
"""

from __future__ import annotations

import unicodedata

MAX_ROUNDS = 4


def email_key(email: str) -> str:
    key = email
    for _ in range(MAX_ROUNDS):
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", key).casefold()).strip()
        if folded == key:
            return key
        key = folded
    return key
