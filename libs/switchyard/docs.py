"""Write the generated API documents into ``docs/``, or with ``--check`` fail when any is stale.

python -m switchyard.docs [--check] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cenv_agent.contract.protocol import AGENT_PROTOCOL
from common.access.markdown import role_matrix
from common.access.openapi import openapi_document
from common.contracts.asyncapi import asyncapi_yaml
from switchyard.contracts import MESSAGES, ROUTES

REPOSITORY = Path(__file__).resolve().parents[2]


def _openapi_json() -> str:
    return json.dumps(openapi_document(ROUTES), indent=2, ensure_ascii=False) + "\n"


def _role_matrix() -> str:
    return role_matrix(ROUTES)


def _asyncapi_yaml() -> str:
    return asyncapi_yaml(MESSAGES, AGENT_PROTOCOL)


DOCUMENTS: dict[str, Callable[[], str]] = {
    "docs/role-matrix.md": _role_matrix,
    "docs/openapi.json": _openapi_json,
    "docs/asyncapi.yaml": _asyncapi_yaml,
}


def stale(root: Path) -> list[str]:
    """The documents under ``root`` that are missing or differ from what the code generates now."""
    return [
        name
        for name, render in DOCUMENTS.items()
        if not (root / name).is_file() or (root / name).read_text(encoding="utf-8") != render()
    ]


def write(root: Path) -> list[str]:
    for name, render in DOCUMENTS.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(), encoding="utf-8")
    return list(DOCUMENTS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m switchyard.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a document is stale; write nothing")
    parser.add_argument("--root", type=Path, default=REPOSITORY, help="the repository (default: this checkout)")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale(args.root)
        for name in outdated:
            print(f"stale: {name} (run `make docs`)", file=sys.stderr)  # noqa: T201 (a command-line report)
        return 1 if outdated else 0
    for name in write(args.root):
        print(f"wrote {name}")  # noqa: T201 (a command-line report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
