"""Rate limits of the public endpoints (petitions, survey codes), counted in Django's cache per client.

The client address is needed to count, but it is never stored with anything: the cache key is a keyed hash of the
address (per namespace), and the counter expires with its window."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from xuncha.core.middleware import client_ip


def _key(request: HttpRequest, namespace: str, kind: str) -> str:
    secret = hashlib.sha256(f"xuncha-{namespace}-rate:".encode() + settings.SECRET_KEY.encode()).digest()
    who = hmac.new(secret, client_ip(request).encode(), hashlib.sha256).hexdigest()[:32]
    return f"{namespace}:rate:{kind}:{who}"


def exceeded(request: HttpRequest, namespace: str, kind: str, rate: tuple[int, int]) -> bool:
    """Count one request of ``kind`` from this client; True when it is over ``rate`` = (requests, seconds)."""
    limit, window = rate
    key = _key(request, namespace, kind)
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return limit < 1
    return count > limit


def over(request: HttpRequest, namespace: str, kind: str, rate: tuple[int, int]) -> bool:
    """Whether this client is already over ``rate`` for ``kind`` (without counting this request)."""
    return int(cache.get(_key(request, namespace, kind)) or 0) >= rate[0]
