"""The interactive API documentation, served from this server only and under the strict CSP.

ninja's own template loads its vendored Swagger UI (no CDN once ``ninja`` is installed) but knows
nothing of the CSP nonce and leaves Swagger's default ``validatorUrl``, which makes the browser
fetch a badge from validator.swagger.io. This renderer uses our template: the same static files,
the nonce on each script, the settings as a ``json_script`` data block and no validator.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from ninja.openapi.docs import Swagger

from xuncha.accounts.api_auth import request_user
from xuncha.core.api.errors import json_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from ninja import NinjaAPI


class LocalSwagger(Swagger):
    template = "api/docs.html"

    def __init__(self) -> None:
        super().__init__(settings={
            "validatorUrl": None,  # no request to validator.swagger.io (SEC-19: nothing from other origins)
            "docExpansion": "list",
            "defaultModelsExpandDepth": 0,
            "persistAuthorization": False,
        })

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        # A copy: ninja writes the URL into the shared settings dict, which is not thread-safe.
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": swagger_settings})


def docs_require_user(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the docs page are for signed-in users only (session, or a bearer token for the
    schema). An anonymous browser is sent to the sign-in page; anything else gets 401 JSON."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request_user(request)
        if user is not None:
            request.user = user
            return view(request, *args, **kwargs)
        if not request.path.endswith(".json"):
            try:
                return redirect_to_login(request.get_full_path())
            except NoReverseMatch:
                pass  # no sign-in page mounted: fall through to 401
        response = json_error(401, "not_authenticated",
                              "未登录或令牌无效：请先登录，或提供 Authorization: Bearer <令牌>。")
        response["WWW-Authenticate"] = 'Bearer realm="xuncha"'
        return response

    return wrapped
