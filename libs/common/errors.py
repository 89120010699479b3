"""Domain errors: raised by domain and service code, answered as problem details at the edge."""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


class Invalid(DomainError):
    """A value breaks a rule of the domain: a 400 constraint violation naming the field (K07)."""

    status = 400
