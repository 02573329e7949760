"""Holds a signed-in session to the steps it still owes (second factor, password change) and, where
configured, to being the account's latest session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuncha.accounts.signin import Step, pending_step
from xuncha.audit.services import audit_record

STEP_URLS = {Step.ENROL: "accounts:otp-enrol", Step.VERIFY: "accounts:otp-verify",
             Step.PASSWORD: "accounts:password-change"}
STEP_MESSAGES = {
    Step.ENROL: gettext_lazy("请先绑定动态口令（双因素认证）。"),
    Step.VERIFY: gettext_lazy("请输入动态口令完成登录。"),
    Step.PASSWORD: gettext_lazy("请先修改密码。"),
}
# Pages a session may reach whatever step it owes.
ALWAYS = ("accounts:login", "accounts:logout")


def _is_static(path: str) -> bool:
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    return path.startswith(prefix) or path == "/favicon.ico"


class SignInStepsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated or _is_static(request.path):
            return self.get_response(request)
        step = pending_step(request)
        # A session still owing its second factor is not the account's session yet (it ends no other).
        if (step not in (Step.ENROL, Step.VERIFY) and settings.XUNCHA_SINGLE_SESSION
                and self._superseded(request, user)):
            return self._end_superseded(request, user)
        if step is None:
            return self.get_response(request)
        allowed = {reverse(name) for name in (*ALWAYS, STEP_URLS[step])}
        if request.path in allowed or request.path.startswith("/i18n/"):
            return self.get_response(request)
        message = str(STEP_MESSAGES[step])
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "step": str(step)}, status=403)
        target = reverse(STEP_URLS[step])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

    @staticmethod
    def _superseded(request: HttpRequest, user: Any) -> bool:
        key = request.session.session_key
        return bool(user.current_session_key) and bool(key) and key != user.current_session_key

    def _end_superseded(self, request: HttpRequest, user: Any) -> HttpResponse:
        audit_record("auth.session_superseded", actor=user, obj=user)
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("该账户已在其他地方登录，本会话已结束。")}, status=401)
        messages.warning(request, _("该账户已在其他地方登录，本会话已结束。如非本人操作，请立即修改密码。"))
        return redirect("accounts:login")
