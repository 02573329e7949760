"""Error pages: every error answers with a page in Chinese, never a stack trace."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "errors/error.html", {"status": status, "title": title, "message": message},
                  status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, "请求有误", "提交的内容无法处理，请检查后重试。")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403, "无权操作", str(exception) if exception and str(exception) else
                  "您的角色没有执行此操作的权限。")


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, "未找到", "页面不存在，或您无权查看。")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "系统错误", "系统处理时出错，已记录。请稍后重试或联系系统管理员。")

