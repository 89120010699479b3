"""Country codes: ISO 3166-1 alpha-2 as the ``pycountry`` library knows them, and who counts as a UK or EU
customer.

The EU is its 27 member states since the United Kingdom left on 2020-02-01, as listed on the European Union's
own "EU countries" page (european-union.europa.eu/principles-countries-history/eu-countries). Greece is ``GR``
in ISO 3166-1 (the EU itself writes ``EL``). No library keeps EU membership, so the list is here; it changes
only by treaty.
"""

from __future__ import annotations

import pycountry

ALPHA_2: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)
UK = "GB"
EU: frozenset[str] = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
     "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)  # fmt: skip


def is_country(code: str) -> bool:
    return code in ALPHA_2


def needs_registration(code: str) -> bool:
    """UK and EU customers must give their registration and VAT numbers."""
    return code == UK or code in EU
