"""Error pages: every error answers with a page in Chinese, never a stack trace."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xuncha.core.context import note_refusal


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "errors/error.html", {"status": status, "title": title, "message": message},
                  status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, "请求有误", "提交的内容无法处理，请检查后重试。")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "您的角色没有执行此操作的权限。"
    note_refusal(request, message)
    return _error(request, 403, "无权操作", message)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    # The reason goes to the audit log only; the page says the same for "absent" and "out of scope" (ADR-0004).
    note_refusal(request, _exception_text(exception) or "页面不存在。")
    return _error(request, 404, "未找到", "页面不存在，或您无权查看。")


def _exception_text(exception: Any) -> str:
    # Django's resolver puts a dict ({"path": …, "tried": …}) in the exception of an unknown address.
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    return exception.args[0]


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "系统错误", "系统处理时出错，已记录。请稍后重试或联系系统管理员。")

