"""Errors that services raise; views and the API turn them into a message in Chinese."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request. ``message`` is shown to the user as is."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    status = 409


class CapabilityMissing(DomainError):
    code = "permission_denied"
    status = 403
