"""The role matrix: every HTTP route of the platform and who may call it, as data.

The gateway enforces it, services re-check it (and add their object-level checks), and the
OpenAPI document and ``docs/role-matrix.md`` are generated from it.
"""

from common.access.rules import Allow, Decision, Route, decide

__all__ = ["Allow", "Decision", "Route", "decide"]
