"""Per-user rate limit of the API (ninja's throttling), from ``settings.XUNCHA_API_USER_RATE``.

Ninja checks throttles after authentication, so this bounds what one signed-in user or token can ask for (a
runaway script); unauthenticated callers get 401 before it, and their rate per address is nginx's
(docs/deployment.md). Counters live in Django's cache: with the default local-memory cache each gunicorn
process counts on its own, so the effective limit is the rate times the number of processes.
"""

from __future__ import annotations

import copy
import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle, UserRateThrottle


class SettingsUserRateThrottle(UserRateThrottle):
    """``UserRateThrottle`` whose rate is read from settings on each call (empty turns it off), with the
    per-call state kept out of the shared instance: gthread workers run several requests at once."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        rate = settings.XUNCHA_API_USER_RATE
        self._local.wait = None
        if not rate:
            return True
        call = copy.copy(self)
        call.rate = rate
        call.num_requests, call.duration = self.parse_rate(rate)
        allowed = SimpleRateThrottle.allow_request(call, request)
        if not allowed:
            self._local.wait = SimpleRateThrottle.wait(call)
        return allowed

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
