"""Domain errors: what went wrong, as a message the interface translates and shows."""
from __future__ import annotations


class DomainError(Exception):
    """A refusal with a user-facing message (an English msgid, translated by the caller).

    `params` fill `%(name)s` placeholders; `status` is the HTTP status the API answers with.
    """

    status = 400

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class NotFound(DomainError):
    """The thing asked for does not exist (or is not public)."""

    status = 404


class Forbidden(DomainError):
    """The caller may not do or see this."""

    status = 403


class Conflict(DomainError):
    """The request clashes with what is stored (a duplicate, a frozen setting)."""

    status = 409
