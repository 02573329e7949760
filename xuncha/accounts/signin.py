"""The steps of signing in after the password (ADR authentication): the second factor, then a password the
administrator set or that expired. ``pending_step`` says which step a session still owes; the middleware
sends every other request there, and the step's page calls the service that completes it."""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model, load_backend
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.passwords import password_expired
from xuncha.accounts.roles import SECOND_FACTOR_ROLES
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record


class Step(StrEnum):
    ENROL = "enrol"            # a second factor is required and the account has none yet
    VERIFY = "verify"          # the account has a device: its code is wanted
    PASSWORD = "password"  # noqa: S105 (a step's name) the administrator set the password, or it expired


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_required(user: Any) -> bool:
    """Required by role (XUNCHA_REQUIRE_2FA and a role of SECOND_FACTOR_ROLES), or because the account has
    a device of its own: whoever enrolled is always asked."""
    if settings.XUNCHA_REQUIRE_2FA and scope_of(user).has_role(*SECOND_FACTOR_ROLES):
        return True
    return has_second_factor(user)


def backend_implies_second_factor(request: HttpRequest) -> bool:
    """A session opened by a backend that declares ``implies_second_factor`` (the test suite's backend behind
    ``Client.force_login``, see config/settings_test.py) counts as verified. No production backend does."""
    path = request.session.get(BACKEND_SESSION_KEY)
    if not path or path not in settings.AUTHENTICATION_BACKENDS:
        return False
    return bool(getattr(load_backend(path), "implies_second_factor", False))


def second_factor_done(request: HttpRequest, user: Any = None) -> bool:
    user = user if user is not None else getattr(request, "user", None)
    return bool(getattr(user, "is_verified", lambda: False)()) or backend_implies_second_factor(request)


def pending_step(request: HttpRequest) -> Step | None:
    user: Any = request.user
    if not user.is_authenticated:
        return None
    if not second_factor_done(request) and second_factor_required(user):
        return Step.VERIFY if has_second_factor(user) else Step.ENROL
    if user.must_change_password or password_expired(user):
        return Step.PASSWORD
    return None


def bind_session(request: HttpRequest, user: Any = None) -> None:
    """Make this session the account's current one (after the sign-in is complete, and after every change of
    its key). With XUNCHA_SINGLE_SESSION the previous session is deleted here, and audited."""
    user = user if user is not None else getattr(request, "user", None)
    key = request.session.session_key or ""
    if user is None or not user.is_authenticated or not key or user.current_session_key == key:
        return
    previous = user.current_session_key
    get_user_model().objects.filter(pk=user.pk).update(current_session_key=key)
    user.current_session_key = key
    if previous and settings.XUNCHA_SINGLE_SESSION:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        if store().exists(previous):
            store(session_key=previous).delete()
            audit_record("auth.session_ended", actor=user, obj=user, details={"reason": "newer_sign_in"})


def mark_verified(request: HttpRequest, device: Device) -> None:
    """The session is verified by ``device``; its key changes (SEC-11) and it becomes the account's session."""
    request.session.cycle_key()
    otp_login(request, device)
    bind_session(request)


def forget_verification(request: HttpRequest) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
