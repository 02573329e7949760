"""What every app's ``api.py`` shares: the caller, per-request values on instances, errors, pagination and
the base schemas (``xuncha.core.api.schemas``). The assembly of the routers is ``xuncha.api``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def actor_of(request: HttpRequest) -> Any:
    """The authenticated caller (set by the bearer or session auth on ``request.auth``)."""
    return request.auth  # type: ignore[attr-defined]


def attach[T](obj: T, **values: Any) -> T:
    """Carry per-request values on an instance for the response schema (like an annotation)."""
    for name, value in values.items():
        setattr(obj, name, value)
    return obj
