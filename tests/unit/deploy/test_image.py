"""The one image: built from the Dockerfile with `pip install .`, shipping every package and its data files."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
from setuptools import find_namespace_packages, find_packages

from tests.unit.deploy.layout import REPO

pytestmark = pytest.mark.unit
DOCKERFILE = (REPO / "Dockerfile").read_text()
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def copied_sources() -> list[str]:
    copies = [argument for keyword, argument in instructions() if keyword == "COPY"]
    return [argument.split()[0].rstrip("/") for argument in copies if not argument.startswith("--from=")]


def shipped_packages() -> dict[str, Path]:
    """Dotted package name → directory, as setuptools discovers them from pyproject.toml."""
    find = SETUPTOOLS["packages"]["find"]
    discover = find_namespace_packages if find.get("namespaces", True) else find_packages
    return {
        package: REPO / where / package.replace(".", "/")
        for where in find["where"]
        for package in discover(where=str(REPO / where), include=find["include"])
    }


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    return steps[max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM") :]


def test_the_image_is_python_slim_installed_with_pip_and_runs_as_a_user() -> None:
    steps = final_stage()
    assert steps[0] == ("FROM", "python:3.11-slim")
    install = next(i for i, (keyword, argument) in enumerate(steps) if keyword == "RUN" and "pip install ." in argument)
    users = [argument for keyword, argument in steps[install:] if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert not [keyword for keyword, _ in steps[install + 1 :] if keyword == "RUN"], (
        "nothing runs as root after install"
    )
    assert steps[-1][0] == "CMD"


def test_every_shipped_package_is_copied_into_the_build() -> None:
    sources = copied_sources()
    assert "pyproject.toml" in sources
    for package, directory in shipped_packages().items():
        relative = directory.relative_to(REPO).as_posix()
        assert any(relative == s or relative.startswith(f"{s}/") for s in sources), f"{package} is not copied"


def test_the_build_context_lets_in_what_the_dockerfile_copies_and_nothing_secret() -> None:
    rules = [line.strip() for line in (REPO / ".dockerignore").read_text().splitlines() if line.strip()]
    rules = [rule for rule in rules if not rule.startswith("#")]
    assert rules[0] == "*", "the context is an allow-list"
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    assert set(copied_sources()) <= allowed
    assert not {".env", ".git", ".venv"} & allowed


@pytest.mark.parametrize("top", ["common", "gateway", "environments", "streams", "scheduler", "billing", "alerts"])
def test_migrations_ship_with_their_package(top: str) -> None:
    packages = shipped_packages()
    assert f"{top}.migrations" in packages
    if top != "common":
        assert f"{top}.migrations.versions" in packages


def test_every_data_file_of_a_shipped_package_is_package_data() -> None:
    patterns = [pattern for key, found in SETUPTOOLS["package-data"].items() if key == "*" for pattern in found]
    for package, directory in shipped_packages().items():
        for path in directory.iterdir():
            if path.is_file() and path.suffix not in {".py", ".pyc"}:
                assert any(fnmatch.fnmatch(path.name, p) for p in patterns), f"{package}/{path.name} is not shipped"


def test_the_native_srt_fan_out_is_built_in_a_stage_of_its_own_and_only_its_program_shipped() -> None:
    steps = instructions()
    assert ("FROM", "python:3.11-slim AS native") in steps  # bookworm's libsrt, the one srt-tools brings at run time
    build = next(argument for keyword, argument in steps if keyword == "RUN" and "srt_fanout.c" in argument)
    assert "-lsrt-gnutls" in build
    assert ("COPY", "--from=native /build/switchyard-srt-fanout /usr/local/bin/") in final_stage()
    assert "libsrt-gnutls-dev" not in " ".join(argument for _, argument in final_stage())
