"""The boundaries between services, checked on the import graph (grimp, import-linter's graph library).

- Across services, only ``<service>.contract`` is imported.
- ``common`` is machinery: it imports no service and not the platform list (``switchyard``).
- A contract package is import-light: the standard library, pydantic, ``common`` and other contracts.
- ``switchyard`` (the platform list) reads only contracts.
"""

from __future__ import annotations

import sys
from functools import cache

import grimp
import pytest

from switchyard.services import NAMES

SERVICES = (*NAMES, "cenv_agent")
FIRST_PARTY = ("common", "switchyard", *SERVICES)
LIGHT = ("pydantic", "pydantic_core", "annotated_types", "typing_extensions")


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*FIRST_PARTY, include_external_packages=True)


def package(module: str) -> str:
    return module.split(".", 1)[0]


def is_contract(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[0] in SERVICES and parts[1] == "contract"


def imports_of(prefix: str) -> list[tuple[str, str]]:
    g = graph()
    return [
        (importer, imported)
        for importer in sorted(g.modules)
        if importer == prefix or importer.startswith(f"{prefix}.")
        for imported in sorted(g.find_modules_directly_imported_by(importer))
    ]


def crossings(importer: str, imported: str) -> bool:
    """Whether this import reaches into another service (beyond its contract)."""
    return package(imported) in SERVICES and package(imported) != package(importer) and not is_contract(imported)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_reaches_other_services_only_through_their_contracts(service: str) -> None:
    assert [f"{a} -> {b}" for a, b in imports_of(service) if crossings(a, b)] == []


def test_common_imports_no_service_and_not_the_platform_list() -> None:
    offending = [f"{a} -> {b}" for a, b in imports_of("common") if package(b) in (*SERVICES, "switchyard")]
    assert offending == []


def test_the_platform_list_reads_only_contracts() -> None:
    offending = [f"{a} -> {b}" for a, b in imports_of("switchyard") if package(b) in SERVICES and not is_contract(b)]
    assert offending == []


@pytest.mark.parametrize("service", [s for s in SERVICES if f"{s}.contract" in graph().modules])
def test_a_contract_package_is_import_light(service: str) -> None:
    def allowed(imported: str) -> bool:
        top = package(imported)
        return top in sys.stdlib_module_names or top in LIGHT or top == "common" or is_contract(imported)

    heavy = [f"{a} -> {b}" for a, b in imports_of(f"{service}.contract") if not allowed(b)]
    assert heavy == []


def test_every_service_that_serves_routes_has_a_contract() -> None:
    assert {s for s in SERVICES if f"{s}.contract" in graph().modules} == set(SERVICES)


def test_the_rules_catch_a_crossing() -> None:
    assert crossings("gateway.entrypoints.consumers", "environments.domain.lifecycle")
    assert not crossings("gateway.entrypoints.consumers", "environments.contract.events")
    assert not crossings("gateway.adapters.x", "gateway.domain.users")
