"""The role matrix: every HTTP route of the platform and who may call it, as data.

The gateway enforces it, services re-check it (and add their object-level checks), and the
OpenAPI document and ``docs/role-matrix.md`` are generated from it.
"""

from common.access.matrix import ROUTES, routes_of
from common.access.rules import Allow, Decision, Route, decide

__all__ = ["ROUTES", "Allow", "Decision", "Route", "decide", "routes_of"]
