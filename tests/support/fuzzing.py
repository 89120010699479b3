"""Running schemathesis's ``st run`` against a gateway, in a subprocess, with bounded and repeatable settings.

The command line rather than schemathesis's Python API: it runs every phase (coverage, fuzzing, stateful) with
its own reporting, prints each failure with a ``curl`` line to reproduce it, and is exactly what a developer
runs by hand against ``make run``. The Python API's pytest integration gives one test per operation and only
the fuzzing phase, and its synchronous client would block the event loop the platform fixtures live on.

Its configuration file takes the bearer token from the environment (so it is never written down) and binds
path parameters, and the body fields naming the same things, to real values for half of the examples.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
MAX_EXAMPLES = 25
SEED = 1
REQUEST_TIMEOUT_SECONDS = 30
RUN_TIMEOUT_SECONDS = 600
REAL_VALUE_PROBABILITY = 0.5
TOKEN_VARIABLE = "SWITCHYARD_FUZZ_TOKEN"
BODY_FIELDS = {"token": "source_invitation_token"}
QUERY_PARAMETERS = {"organisation_id": "organizationId"}  # a façade's own (seed 001's channels)
Values = dict[str, list[str | int]]


@dataclass
class Run:
    returncode: int
    output: str


def bindings(name: str) -> list[str]:
    """Where a real value may stand: the path parameter of that name, the body field naming the same thing, and
    the query parameter a façade names it with."""
    query = [f"query.{QUERY_PARAMETERS[name]}"] if name in QUERY_PARAMETERS else []
    return [f"path.{name}", f"body.{BODY_FIELDS.get(name, name)}", *query]


def config(values: Values) -> str:
    """schemathesis.toml: the bearer token read from the environment, and parameters bound to real values."""
    lines = ["[auth.openapi.bearer]", f'bearer = "${{{TOKEN_VARIABLE}}}"', "", "[cache]", "enabled = false", ""]
    for name, real in values.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(real)}", ""]
    lines.append("[parameters]")
    binding = '"{where}" = {{ dictionary = "{name}", probability = {probability} }}'
    lines += [
        binding.format(where=where, name=name, probability=REAL_VALUE_PROBABILITY)
        for name in values
        for where in bindings(name)
    ]
    return "\n".join(lines) + "\n"


def command(gateway_url: str, *selection: str) -> list[str]:
    return [
        sys.executable, "-m", "schemathesis.cli", "--config-file", "schemathesis.toml", "run",
        f"{gateway_url}/api/openapi.json", "--checks", ",".join(CHECKS), "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED), "--request-timeout", str(REQUEST_TIMEOUT_SECONDS), "--generation-database", "none",
        "--no-color", *selection,
    ]  # fmt: skip


async def run_schemathesis(gateway_url: str, token: str, values: Values, workdir: Path, *selection: str) -> Run:
    """``st run`` in ``workdir``: its configuration and whatever it writes (caches, reports) stay there."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "schemathesis.toml").write_text(config(values), encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        *command(gateway_url, *selection),
        cwd=workdir,
        env={**os.environ, TOKEN_VARIABLE: token},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), RUN_TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
    return Run(-1 if process.returncode is None else process.returncode, output.decode(errors="replace"))


def only(operation_ids: tuple[str, ...]) -> list[str]:
    return [f"--include-operation-id={operation_id}" for operation_id in operation_ids]


def all_but(operation_ids: tuple[str, ...]) -> list[str]:
    return [f"--exclude-operation-id={operation_id}" for operation_id in operation_ids]
