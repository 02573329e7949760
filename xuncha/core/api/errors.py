"""One error shape for the whole API: ``{"code", "message", "fields"}``, with messages in Chinese.

Services raise ``DomainError`` subclasses; ninja raises its own validation, authentication and HTTP
errors; ``Http404`` comes from the access chokepoints. Each is turned into the same JSON body here, so
a client never sees an English framework message or an HTML page (style §B6).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from xuncha.core.exceptions import DomainError
from xuncha.core.middleware import note_refusal

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = "对象不存在或无权查看。"
_CJK = re.compile(r"[\u4e00-\u9fff]")


class CsrfRejected(HttpError):
    """A session-authenticated unsafe request without a valid CSRF token."""

    def __init__(self) -> None:
        super().__init__(403, "CSRF 校验失败，请刷新页面后重试。")


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The JSON body of every error answer."""
    return {"code": code, "message": message, "fields": fields or {}}


def json_error(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> JsonResponse:
    """An error answer outside ninja's operations (URL fall-through, docs access)."""
    return JsonResponse(error_body(code, message, fields), status=status, json_dumps_params={"ensure_ascii": False})


def not_found_message(exc: BaseException) -> str:
    """The chokepoints raise Http404 with a Chinese message; anything else gets the generic one."""
    text = str(exc)
    return text if _CJK.search(text) else NOT_FOUND_MESSAGE


def _validation_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    simple = {
        "missing": "此项必填。",
        "int_parsing": "应为整数。",
        "int_type": "应为整数。",
        "int_from_float": "应为整数。",
        "float_parsing": "应为数字。",
        "bool_parsing": "应为 true 或 false。",
        "bool_type": "应为 true 或 false。",
        "string_type": "应为字符串。",
        "date_parsing": "日期格式应为 YYYY-MM-DD。",
        "date_type": "日期格式应为 YYYY-MM-DD。",
        "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
        "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD。",
        "datetime_parsing": "时间格式应为 ISO 8601。",
        "datetime_type": "时间格式应为 ISO 8601。",
        "extra_forbidden": "不支持此字段。",
        "model_type": "应为 JSON 对象。",
        "model_attributes_type": "应为 JSON 对象。",
        "dict_type": "应为 JSON 对象。",
        "list_type": "应为数组。",
        "json_invalid": "不是有效的 JSON。",
        "string_pattern_mismatch": "格式不正确。",
    }
    if kind in simple:
        return simple[kind]
    bounds = {
        "greater_than_equal": ("ge", "不能小于 {}。"),
        "greater_than": ("gt", "应大于 {}。"),
        "less_than_equal": ("le", "不能大于 {}。"),
        "less_than": ("lt", "应小于 {}。"),
        "string_too_long": ("max_length", "长度不能超过 {} 个字符。"),
        "string_too_short": ("min_length", "长度不能少于 {} 个字符。"),
        "enum": ("expected", "取值无效，可选值：{}。"),
        "literal_error": ("expected", "取值无效，可选值：{}。"),
    }
    if kind in bounds and bounds[kind][0] in ctx:
        key, template = bounds[kind]
        # pydantic lists choices as "'a', 'b' or 'c'"; the message is Chinese, so no "or".
        return template.format(str(ctx[key]).replace(" or ", ", "))
    if kind == "value_error" and _CJK.search(str(ctx.get("error", ""))):
        # Our own validators raise ValueError with a Chinese message.
        return str(ctx["error"])
    return "取值无效。"


def _source(error: dict[str, Any]) -> str:
    loc = error.get("loc") or ("",)
    return str(loc[0])


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = list(loc)
    source = parts.pop(0) if parts else ""
    # A body schema parameter adds its own name ("payload") before the field.
    if source == "body" and len(parts) > 1:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or "__all__"


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Pydantic errors as ``{field: [Chinese messages]}``."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_validation_message(error))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    """Register every handler on ``api``; the most specific class wins (ninja walks the MRO)."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    # Refusals (403, 404) note their reason for the audit log's record of denied access (xuncha.audit.middleware).
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        note_refusal(request, exc.message)
        return respond(request, exc.status, error_body(exc.code, exc.message, exc.fields))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        note_refusal(request, not_found_message(exc))
        return respond(request, 404, error_body("not_found", not_found_message(exc)))

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        note_refusal(request, str(exc) or "您没有执行此操作的权限。")
        return respond(request, 403, error_body("permission_denied", "您没有执行此操作的权限。"))

    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Django's own answer to these is 400; a body over DATA_UPLOAD_MAX_MEMORY_SIZE is "too large".
        if isinstance(exc, RequestDataTooBig):
            return respond(request, 413, error_body("too_large", "请求体过大。"))
        return respond(request, 400, error_body("bad_request", "请求有误。"))

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, error_body(
            "not_authenticated", "未登录或令牌无效：请先登录，或在请求头中提供 Authorization: Bearer <令牌>。"))
        response["WWW-Authenticate"] = 'Bearer realm="xuncha"'
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, CsrfRejected):
            note_refusal(request, exc.message)
            return respond(request, 403, error_body("csrf_failed", exc.message))
        known = {
            400: ("bad_request", "请求体不是有效的 JSON。"),
            403: ("permission_denied", "您没有执行此操作的权限。"),
            405: ("method_not_allowed", "不支持该请求方法。"),
            429: ("throttled", "请求过于频繁，请稍后再试。"),
        }
        code, message = known.get(exc.status_code, ("bad_request", "请求有误。"))
        return respond(request, exc.status_code, error_body(code, message))

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = list(exc.errors)
        # A malformed id in the path names no object: it is "not found", like an id out of scope.
        if errors and all(_source(e) == "path" for e in errors):
            return respond(request, 404, error_body("not_found", NOT_FOUND_MESSAGE))
        fields = validation_fields(errors)
        first = next(iter(fields.items()), None)
        message = f"请求参数有误：{first[0]} {first[1][0]}" if first else "请求参数有误。"
        return respond(request, 422, error_body("invalid", message, fields))

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body("server_error", "系统处理时出错，已记录。请稍后重试或联系系统管理员。"))

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (DomainError, on_domain_error),
        (Http404, on_not_found),
        (PermissionDenied, on_permission_denied),
        (SuspiciousOperation, on_suspicious),
        (AuthenticationError, on_unauthenticated),
        (HttpError, on_http_error),
        (ValidationError, on_validation_error),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
