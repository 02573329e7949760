"""Rate limits of the public petition endpoints: ``core.ratelimit`` in the petitions' namespace (the client address
is hashed for the count and never stored with a petition)."""

from __future__ import annotations

from django.http import HttpRequest

from xuncha.core import ratelimit

NAMESPACE = "petitions"


def exceeded(request: HttpRequest, kind: str, rate: tuple[int, int]) -> bool:
    """Count one request of ``kind`` from this client; True when it is over ``rate`` = (requests, seconds)."""
    return ratelimit.exceeded(request, NAMESPACE, kind, rate)


def over(request: HttpRequest, kind: str, rate: tuple[int, int]) -> bool:
    """Whether this client is already over ``rate`` for ``kind`` (without counting this request)."""
    return ratelimit.over(request, NAMESPACE, kind, rate)
