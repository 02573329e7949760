"""Audit of sign-in and sign-out (AUD-01) and of lock-outs; the account's current session (single session)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from xuncha.accounts.lockout import LOCKED_OUT
from xuncha.accounts.signin import bind_session, second_factor_done, second_factor_required
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The password step: a second factor may still be owed (then the session becomes the account's one only
    # once it is verified, so that a stolen password alone ends nobody's session).
    pending = request is not None and not second_factor_done(request, user) and second_factor_required(user)
    audit_record("auth.login", actor=user, obj=user, details={"second_factor": "pending" if pending else "none"})
    if request is not None and not pending and hasattr(request, "session"):
        bind_session(request, user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record("auth.logout", actor=user, obj=user)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    # A new lock-out (it counts towards the next, doubled cool-off) or a refusal during one.
    repeated = bool(getattr(request, "xuncha_was_locked_out", False))
    audit_record("auth.locked_out_refused" if repeated else LOCKED_OUT, username=str(username or ""),
                 result=AuditResult.DENIED)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The password is never recorded; the username is, so that guessing shows in the log.
    audit_record("auth.login_failed", username=str(credentials.get("username", "")), result=AuditResult.FAILURE)
