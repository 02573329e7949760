"""URLs of the API, included at ``/api/v1/`` under the namespace ``api`` (operation names are the view
function names: ``api:inspection_detail``…). Whatever the path or method, the answer is JSON."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from xuncha.api.api import api
from xuncha.core.api.errors import NOT_FOUND_MESSAGE, json_error, not_found_message


def _json_fallbacks(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # ninja answers a wrong method with a plain-text 405 and its root view raises a bare Http404.
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            return json_error(404, "not_found", not_found_message(exc))
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = json_error(405, "method_not_allowed", "不支持该请求方法。")
            response["Allow"] = allowed
        return response

    return wrapped


@csrf_exempt  # it changes nothing; a POST to a wrong path should read 404, not a CSRF page
def _unknown_route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return json_error(404, "not_found", NOT_FOUND_MESSAGE)


def _patterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for pattern in api.urls[0]:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(pattern.pattern, _json_fallbacks(pattern.callback), pattern.default_args,
                                 pattern.name)
        patterns.append(pattern)
    return patterns


app_name = "api"
urlpatterns = [*_patterns(), re_path(r"^.*$", _unknown_route, name="unknown")]
