"""Sign-in and sign-out, the second factor, and each user's own account security. The administrators' pages are
``xuncha.administration``."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, cast

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts import signin
from xuncha.accounts.forms import (
    LoginForm,
    OtpEnrolForm,
    OtpVerifyForm,
    OwnPasswordChangeForm,
)
from xuncha.accounts.models import RecoveryCodeDevice, User
from xuncha.accounts.passwords import password_expired, password_expires_at
from xuncha.accounts.services import (
    password_change,
    recovery_codes_issue,
    totp_confirm,
)
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view below is behind ``login_required``)."""
    return cast(User, request.user)


# ---- Sign-in -------------------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's sign-in (it rotates the session key, SEC-11) with one message for every failure (SEC-09);
    django-axes counts failures per account and answers with ``accounts/locked_out.html`` (SEC-07)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's view puts the host name in ``site_name``; the product's name is wanted here.
        context["site_name"] = settings.XUNCHA_SITE_NAME
        # A demo installation says where its accounts are listed; passwords never appear on the page.
        context["demo_hint"] = (Path(settings.VAR_DIR) / "demo-accounts.json").exists()
        return context


login_view = LoginView.as_view()


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link or an image cannot sign the user out."""

    next_page = "accounts:login"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("您已安全退出。"))
        return response


logout_view = LogoutView.as_view()


# ---- Second factor, password, account security (every user) ----------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    """Where to go once the step is done: a local ``next`` or the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


OTP_FAILURES_KEY = "xuncha_otp_failures"
OTP_FAILURE_LIMIT = 5


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the authenticator's code, or a recovery code (each once)."""
    user = _actor(request)
    if signin.second_factor_done(request) or not signin.has_second_factor(user):
        return redirect(_next_url(request))
    form = OtpVerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = str(form.cleaned_data["code"]).replace(" ", "")
        device: Any = signin.confirmed_totp(user) if form.is_totp() else (
            RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first())
        # django-otp throttles a device after failures (a doubling delay, SEC-07).
        if device is not None and device.verify_token(code):
            signin.mark_verified(request, device)
            if form.is_totp():
                audit_record("auth.otp_verified", actor=user, obj=user)
            else:
                audit_record("auth.recovery_code_used", actor=user, obj=user,
                             details={"remaining": device.remaining()})
                messages.warning(request, _("您使用了一个恢复码，还剩 %(n)s 个。请尽快在“账户安全”中生成新的恢复码。")
                                 % {"n": device.remaining()})
            return redirect(_next_url(request))
        failures = int(request.session.get(OTP_FAILURES_KEY, 0)) + 1
        audit_record("auth.otp_failed", actor=user, obj=user, result=AuditResult.FAILURE,
                     details={"kind": "totp" if form.is_totp() else "recovery_code", "failures": failures})
        if failures >= OTP_FAILURE_LIMIT:
            # Back to the password: guessing codes costs a sign-in, which django-axes counts and locks.
            logout(request)
            messages.error(request, _("动态口令连续输错 %(n)s 次，请重新登录。") % {"n": failures})
            return redirect("accounts:login")
        request.session[OTP_FAILURES_KEY] = failures
        form.add_error("code", _("动态口令或恢复码不正确，或已使用过。多次输错后需等待更长时间才能再试。"))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/otp_verify.html", context, status=400 if form.errors else 200)


def _qr_data_uri(text: str) -> str:
    """The otpauth URI as an SVG QR code in a data: URI (drawn here: no CDN, CSP allows data: images)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


ENROL_SESSION_KEY = "xuncha_enrol_device"


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app (TOTP): scan the QR code, confirm with a code, receive ten recovery codes once.
    Reached as a sign-in step (no device yet) or from the account page (a new phone)."""
    user = _actor(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=request.session.get(ENROL_SESSION_KEY)).first()
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="手机令牌", confirmed=False)
        request.session[ENROL_SESSION_KEY] = device.pk
    form = OtpEnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if totp_confirm(user=user, device=device, token=form.cleaned_data["code"]):
            request.session.pop(ENROL_SESSION_KEY, None)
            signin.mark_verified(request, device)
            codes = recovery_codes_issue(user=user)
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": _next_url(request), "crumbs": [(_("账户安全"), None)]})
        form.add_error("code", _("动态口令不正确。请确认手机时间准确，并输入当前显示的 6 位数字。"))
    context: dict[str, Any] = {
        "form": form, "qr": _qr_data_uri(device.config_url), "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request), "signing_in": not signin.second_factor_done(request),
    }
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    if not signin.has_second_factor(user):
        messages.error(request, _("请先绑定动态口令。"))
        return redirect("accounts:security")
    codes = recovery_codes_issue(user=user)
    return render(request, "accounts/recovery_codes.html",
                  {"codes": codes, "next": reverse("accounts:security"),
                   "crumbs": [(_("账户安全"), reverse("accounts:security")), (_("恢复码"), None)]})


@login_required
@require_GET
def account_security(request: HttpRequest) -> HttpResponse:
    """The user's own page: second factor, recovery codes left, password age."""
    user = _actor(request)
    recovery = RecoveryCodeDevice.objects.filter(user=user).first()
    context = {
        "totp": signin.confirmed_totp(user), "required": signin.second_factor_required(user),
        "recovery_left": recovery.remaining() if recovery else 0,
        "password_expires_at": password_expires_at(user),
        "crumbs": [(_("账户安全"), None)],
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Every user changes their own password here; a sign-in with an administrator-set or expired password is
    sent here until it is done."""
    user = _actor(request)
    form = OwnPasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            password_change(user=user, new_password=form.cleaned_data["new_password1"])
            # Keeps this session (the others end: their hash no longer matches) under a new key.
            update_session_auth_hash(request, user)
            signin.bind_session(request)
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request))
        audit_record("auth.password_change_failed", actor=user, obj=user, result=AuditResult.FAILURE,
                     details={"fields": sorted(form.errors)})
    forced = user.must_change_password or password_expired(user)
    context = {
        "form": form, "next": _next_url(request), "forced": forced,
        "reason": (_("您的密码由管理员设置，首次登录须修改为只有您本人知道的密码。") if user.must_change_password
                   else _("您的密码已超过有效期，请修改后继续使用。") if forced else ""),
        "crumbs": [(_("账户安全"), reverse("accounts:security")), (_("修改密码"), None)],
    }
    return render(request, "accounts/password_change.html", context, status=400 if form.errors else 200)
