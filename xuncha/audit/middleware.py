"""Denied access in the audit log (AUD-01, AUD-02): every 403 and every 404 answered to a signed-in user — an action
their role lacks, an object out of their scope, a page that does not exist for them — is recorded with its reason.

One place for pages and API alike: the error handlers note the reason on the request (``note_refusal``), this
middleware writes the event once the answer is known. Anonymous visitors are not recorded (a 404 for a mistyped
address is noise; sign-in failures have their own events), nor is a request whose code already recorded its
refusal (e.g. a refused cadre read)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record, refusal_recorded
from xuncha.core.middleware import refusal_reason

logger = logging.getLogger(__name__)

DEFAULT_REASONS = {403: "无权执行此操作。", 404: "对象或页面不存在，或不在其权限范围内。"}


def _static_prefix() -> str:
    # A missing asset (a browser asking for /static/…) is not an access decision.
    url = str(settings.STATIC_URL or "/static/")
    return url if url.startswith("/") else "/" + url


class DeniedAccessAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = refusal_recorded.set(False)
        try:
            response = self.get_response(request)
            if response.status_code in DEFAULT_REASONS and not refusal_recorded.get():
                self._record(request, response.status_code)
            return response
        finally:
            refusal_recorded.reset(token)

    def _record(self, request: HttpRequest, status: int) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(_static_prefix()):
            return
        reason = refusal_reason(request) or DEFAULT_REASONS[status]
        try:
            # The path only: a query string may carry search terms about people.
            audit_record("access.denied", actor=user, object_repr=f"{request.method} {request.path}"[:200],
                         result=AuditResult.DENIED,
                         details={"status": status, "method": request.method, "path": request.path[:500],
                                  "reason": reason[:500]})
        except DatabaseError:
            # The answer is a refusal already; a log that cannot be written must not turn it into a 500.
            logger.exception("denied access not recorded in the audit log / 拒绝访问未能记入审计日志")
