"""A second ``make run`` from the same checkout, or one whose ports are taken, says so and starts nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from devrun.claim import AlreadyRunning, claimed, ensure_ports_free


def test_a_second_run_from_the_same_checkout_names_the_first_and_exits_without_starting_anything(
    tmp_path: Path,
) -> None:
    with claimed(tmp_path / ".run", "http://127.0.0.1:8080"):
        second = subprocess.run(
            [sys.executable, "-m", "devrun"],
            cwd=tmp_path,
            env={**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert second.returncode != 0
    assert f"already running from this checkout (pid {os.getpid()}, gateway http://127.0.0.1:8080)" in second.stderr
    assert not (tmp_path / ".run" / "logs").exists(), "no service was started"


def test_the_claim_is_released_when_the_run_ends(tmp_path: Path) -> None:
    with claimed(tmp_path, "http://a"):
        pass
    with (
        claimed(tmp_path, "http://b"),
        pytest.raises(AlreadyRunning, match="gateway http://b"),
        claimed(tmp_path, "http://c"),
    ):
        pass


def test_ports_held_by_anything_else_are_named() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(AlreadyRunning, match=f"{port} \\(gateway\\)"):
            ensure_ports_free("127.0.0.1", {"gateway": port})
    ensure_ports_free("127.0.0.1", {"gateway": port})
