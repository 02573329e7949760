"""The per-user page watermark (name, time, address) drawn behind every signed-in page (SEC-46)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_GET

from xuncha.core.middleware import client_ip


@require_GET
@login_required
def watermark_svg(request: HttpRequest) -> HttpResponse:
    user = request.user
    label = escape(f"{user} {user.get_username()}")
    stamp = escape(f"{timezone.localtime():%Y-%m-%d %H:%M} {client_ip(request)}")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="220">'
        '<g transform="rotate(-22 180 110)" fill="#7f1d1d" fill-opacity="0.06" '
        'font-family="sans-serif" font-size="15">'
        f'<text x="40" y="105">{label}</text><text x="40" y="128">{stamp}</text></g></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; point them at the vendored icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("xuncha/favicon.svg"), permanent=True)
