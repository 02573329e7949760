"""Request-wide context for the audit log, cache control, the absolute session limit and idle renewal."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


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


RENEWED_KEY = "xuncha_renewed"


class SessionRenewalMiddleware:
    """Keeps the idle timeout (SEC-12) without a database write per request (PERF, SCALE).

    The stored session expires ``SESSION_COOKIE_AGE`` seconds after it was last saved. Instead of saving on
    every request (``SESSION_SAVE_EVERY_REQUEST``: on SQLite every page view became a serialised write), the
    session is saved only when it is older than ``SESSION_RENEW_AFTER_SECONDS`` (half the idle window). A
    session therefore never outlives ``SESSION_COOKIE_AGE`` of inactivity, and an active user writes at most
    once per renewal interval. Must come after ``SessionMiddleware`` so that its response phase runs first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No cookie, or flushed by a logout: nothing to keep alive (and no empty session to create).
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        if session.modified:
            session[RENEWED_KEY] = now  # saved anyway: note when
        elif now - int(session.get(RENEWED_KEY, 0)) >= settings.SESSION_RENEW_AFTER_SECONDS:
            session[RENEWED_KEY] = now  # marks it modified: SessionMiddleware saves it and resends the cookie
        return response
