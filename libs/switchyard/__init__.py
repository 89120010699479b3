"""The platform as a whole: which services it has, and the list of their contracts.

``common`` is machinery and knows no service; services know only each other's ``contract``
packages. This package is the one place that names them all.
"""
