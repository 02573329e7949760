"""Request-wide context for the audit log, cache control and the absolute session limit."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse


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


def client_ip(request: HttpRequest) -> str:
    header = settings.XUNCHA_TRUSTED_PROXY_HEADER
    if header and (forwarded := request.META.get(header)):
        return forwarded.split(",")[0].strip()[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


class RequestContextMiddleware:
    """Names each request and ends sessions older than the absolute limit (SEC-12)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(RequestContext(uuid.uuid4().hex, client_ip(request)))
        try:
            if request.user.is_authenticated:
                started = request.session.get("xuncha_started")
                now = int(time.time())
                if started is None:
                    request.session["xuncha_started"] = now
                elif now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                    logout(request)
            return self.get_response(request)
        finally:
            current_request.reset(token)


class NoStoreMiddleware:
    """Pages for signed-in users must never be kept by a browser or proxy cache (SEC-17)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                       else "/" + settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
        return response
