"""Route rows are checked by the type checker as they stand: no contract package silences it.

(That contracts import only pydantic, ``common`` and other contracts is checked on the import graph,
in ``tests/unit/architecture``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[3] / "services"
CONTRACT_MODULES = sorted(SERVICES.glob("*/contract/**/*.py"))


@pytest.mark.parametrize("path", CONTRACT_MODULES, ids=lambda p: str(p.relative_to(SERVICES)))
def test_a_contract_silences_no_type_errors(path: Path) -> None:
    assert "type: ignore" not in path.read_text(encoding="utf-8")
