"""A trivial signed-in page for measuring the framework's own cost per request (bench/bench_load.py).

Off unless ``XUNCHA_BENCH_VIEWS`` is set: then it answers 404 like an unknown address."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@login_required
@require_GET
def bench_ping(request: HttpRequest) -> HttpResponse:
    """Everything a page pays (sessions, authentication, CSRF, CSP, audit context) but no query or template."""
    if not settings.XUNCHA_BENCH_VIEWS:
        raise Http404
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
