"""Pools hand connections on without resetting them (docs/decisions/0008), which is only safe while no
code leaves session state on a pooled connection. These are the statements that would."""

from __future__ import annotations

import re
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]
SESSION_STATE = {
    "a session-level advisory lock": re.compile(r"pg_(try_)?advisory_lock(_shared)?\s*\(", re.I),
    "LISTEN": re.compile(r"""["'\s]LISTEN\s""", re.I),
    "add_listener": re.compile(r"\.add_listener\("),
    "a session SET": re.compile(r"""["']\s*SET\s+(?!LOCAL\b)(SESSION\s+)?[a-z_]+\s*(=|TO\b)""", re.I),
    "set_config(…, false)": re.compile(r"set_config\([^)]*false\s*\)", re.I),
    "a cursor": re.compile(r"\.cursor\(|DECLARE\s+\w+\s+CURSOR", re.I),
}
# The relay's leadership lock and the environments' turns live on connections of their own, outside any pool.
OWN_CONNECTION = {
    "libs/common/outbox.py": {"a session-level advisory lock"},
    "services/environments/adapters/turns.py": {"a session-level advisory lock"},
}


def offences(text: str, allowed: set[str]) -> list[str]:
    return [name for name, pattern in SESSION_STATE.items() if name not in allowed and pattern.search(text)]


def test_no_code_leaves_session_state_on_a_pooled_connection() -> None:
    found = {}
    for path in [*REPOSITORY.glob("libs/**/*.py"), *REPOSITORY.glob("services/**/*.py")]:
        relative = str(path.relative_to(REPOSITORY))
        if hits := offences(path.read_text(), OWN_CONNECTION.get(relative, set())):
            found[relative] = hits
    assert found == {}


def test_the_scan_recognises_each_kind_of_session_state() -> None:
    samples = [
        'await conn.fetchval("SELECT pg_advisory_lock(1)")',
        'await conn.execute("LISTEN events")',
        "await conn.add_listener(channel, callback)",
        "await conn.execute(\"SET search_path = 'x'\")",
        "await conn.execute(\"SELECT set_config('a.b', 'c', false)\")",
        "async for row in conn.cursor(query):",
    ]
    assert [len(offences(sample, set())) for sample in samples] == [1] * len(samples)
    assert offences("await conn.execute(\"SET LOCAL statement_timeout = '5s'\")", set()) == []
    assert offences('await conn.execute("SELECT pg_advisory_xact_lock(1)")', set()) == []
    assert offences("UPDATE t SET a = 1", set()) == []
