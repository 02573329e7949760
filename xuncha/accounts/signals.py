"""Audit of sign-in and sign-out (AUD-01)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record("auth.login", actor=user, obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record("auth.logout", actor=user, obj=user)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    audit_record("auth.locked_out", username=str(username or ""), result=AuditResult.DENIED)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The password is never recorded; the username is, so that guessing shows in the log.
    audit_record("auth.login_failed", username=str(credentials.get("username", "")), result=AuditResult.FAILURE)
