"""docs/ holds what the code generates now; ``python -m switchyard.docs --check`` says when it does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from switchyard.docs import DOCUMENTS, REPOSITORY, main, stale

README = REPOSITORY / "docs" / "README.md"


def test_the_documents_in_the_repository_are_fresh() -> None:
    """Checked in a process of its own: this one holds the message types the tests register besides the platform's."""
    check = [sys.executable, "-m", "switchyard.docs", "--check", "--root", str(REPOSITORY)]
    checked = subprocess.run(check, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, f"{checked.stderr}run `make docs` and commit the result"


def test_the_check_fails_on_a_changed_or_missing_document(tmp_path: Path) -> None:
    assert main(["--root", str(tmp_path)]) == 0
    assert main(["--check", "--root", str(tmp_path)]) == 0
    (tmp_path / "docs/role-matrix.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "docs/asyncapi.yaml").unlink()
    assert stale(tmp_path) == ["docs/role-matrix.md", "docs/asyncapi.yaml"]
    assert main(["--check", "--root", str(tmp_path)]) == 1


def test_the_command_line_writes_every_document(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "switchyard.docs", "--root", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert all((tmp_path / name).is_file() for name in DOCUMENTS)
    checked = subprocess.run([*command, "--check"], capture_output=True, timeout=120)
    assert checked.returncode == 0, checked.stderr


def test_the_docs_index_points_at_every_generated_document() -> None:
    index = README.read_text(encoding="utf-8")
    assert all(Path(name).name in index for name in DOCUMENTS)
    assert "/api/openapi.json" in index and "/api/docs" in index
