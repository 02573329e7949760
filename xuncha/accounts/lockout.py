"""Lock-out after repeated sign-in failures (SEC-07), per account and per client address, with a cool-off that
doubles with every further lock-out of the same account or address within a day.

django-axes counts the failures (``AccessAttempt``) and compares one number with ``AXES_FAILURE_LIMIT``; the
handler below reports the larger of the account's failures and the address's failures scaled to that limit, so
each has its own threshold (``AXES_FAILURE_LIMIT`` per account, ``XUNCHA_LOCKOUT_ADDRESS_FAILURES`` per address).
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from xuncha.audit.models import AuditEvent

LOCKED_OUT = "auth.locked_out"
WINDOW = datetime.timedelta(hours=24)


def _username(request: Any) -> str:
    credentials = getattr(request, "axes_credentials", None)
    if credentials and credentials.get("username"):
        return str(credentials["username"])[:150]
    post = getattr(request, "POST", None)
    return str(post.get("username", ""))[:150] if post is not None else ""


def recent_lockouts(*, username: str, ip_address: str) -> int:
    """Lock-outs of this account or this address in the last day (from the audit log)."""
    where = Q()
    if username:
        where |= Q(actor_username=username)
    if ip_address:
        where |= Q(client_ip=ip_address)
    if not where:
        return 0
    since = timezone.now() - WINDOW
    return AuditEvent.objects.filter(where, action=LOCKED_OUT, created_at__gte=since).count()


def cool_off(request: Any = None) -> datetime.timedelta:
    """``XUNCHA_LOCKOUT_MINUTES`` for the first lock-out in a day, doubled for each further one, at most
    ``XUNCHA_LOCKOUT_MAX_MINUTES`` (axes calls this as ``AXES_COOLOFF_TIME``)."""
    base = datetime.timedelta(minutes=settings.XUNCHA_LOCKOUT_MINUTES)
    ceiling = datetime.timedelta(minutes=settings.XUNCHA_LOCKOUT_MAX_MINUTES)
    if request is None:
        return base
    count = recent_lockouts(username=_username(request), ip_address=str(getattr(request, "axes_ip_address", "")
                                                                         or ""))
    return min(base * (2 ** max(count - 1, 0)), max(base, ceiling)) if count < 32 else max(base, ceiling)


def _sum(attempts: Any) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with separate limits for the account and the address."""

    def failures_by(self, request: Any, credentials: dict[str, Any] | None = None) -> tuple[int, int]:
        threshold = timezone.now() - cool_off(request)
        recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)
        username = get_client_username(request, credentials)
        account = _sum(recent.filter(username=username)) if username else 0
        address = _sum(recent.filter(ip_address=request.axes_ip_address))
        return account, address

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        account, address = self.failures_by(request, credentials)
        limit = int(settings.AXES_FAILURE_LIMIT)
        address_limit = max(int(settings.XUNCHA_LOCKOUT_ADDRESS_FAILURES), 1)
        # The address's count in units of the account limit: address_limit failures weigh as much as ``limit``.
        return max(account, address * limit // address_limit)

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
                          ) -> None:
        # Tells the audit receiver a new lock-out from a refusal during one (which must not grow the cool-off).
        if request is not None:
            request.xuncha_was_locked_out = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """A successful sign-in clears the account's failures only: the address's stay, or one known password
        would let a sprayer start again after every few guesses."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)

    def clean_expired_user_attempts(self, request: Any = None, credentials: dict[str, Any] | None = None) -> int:
        """Forget attempts older than the longest cool-off, and this account's attempts from this address once
        its own cool-off has run out (axes keeps one row per account and address and adds to it, so an expired
        row must go before the next failure). Another account's row may be under a longer, doubled cool-off,
        so a shorter one is never applied to it."""
        now = timezone.now()
        ceiling = datetime.timedelta(minutes=max(settings.XUNCHA_LOCKOUT_MAX_MINUTES,
                                                 settings.XUNCHA_LOCKOUT_MINUTES))
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=now - ceiling).delete()
        if request is not None and getattr(request, "axes_ip_address", None) is not None:
            username = get_client_username(request, credentials)
            expired, _ = AccessAttempt.objects.filter(
                username=username, ip_address=request.axes_ip_address,
                attempt_time__lte=now - cool_off(request)).delete()
            count += expired
        return int(count)
