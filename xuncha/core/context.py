"""What the audit log knows of the request it records in (request id, client address) and why a request was
refused. Set by ``core.middleware.RequestContextMiddleware`` and the error handlers; the audit log reads them."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_ip: str


current_request: ContextVar[RequestContext | None] = ContextVar("current_request", default=None)


REFUSAL_ATTRIBUTE = "_xuncha_refusal_reason"


def note_refusal(request: HttpRequest, reason: str) -> None:
    """Keep why a request is answered 403 or 404, for the audit log's record of denied access."""
    setattr(request, REFUSAL_ATTRIBUTE, reason)


def refusal_reason(request: HttpRequest) -> str:
    return str(getattr(request, REFUSAL_ATTRIBUTE, "") or "")
