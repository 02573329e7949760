"""Who is calling: a bearer token (scripts and other systems) or the browser session (docs page, pages).

Both resolve to an active ``User``; ninja stores it on ``request.auth`` and the token path also sets
``request.user`` so that services and the audit log see the same actor whichever way the call came.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from xuncha.accounts.models import ApiToken, User
from xuncha.accounts.scope import scope_of
from xuncha.core.api.errors import CsrfRejected

# last_used_at is informational: writing it on every call would make each read a write.
TOKEN_TOUCH_INTERVAL = datetime.timedelta(minutes=1)
# Issued tokens are about 46 characters; anything far longer is not ours and is not hashed.
MAX_TOKEN_LENGTH = 256


def user_for_token(raw: str) -> User | None:
    """The active user owning the valid (not revoked, not expired) token ``raw``, else None."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = (
        ApiToken.objects.valid()
        .select_related("user")
        .filter(digest=ApiToken.digest_of(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        # update() rather than save(): no race with a concurrent revocation writing revoked_at.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_from_bearer_header(request: HttpRequest) -> User | None:
    """The user of an ``Authorization: Bearer …`` header (used outside ninja operations, e.g. the schema)."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return user_for_token(raw)


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; only the token's SHA-256 digest is looked up."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionCsrfAuth(SessionAuth):
    """Django's session, with CSRF checked for unsafe methods (ninja's ``django_auth``).

    ninja checks CSRF before looking at the user, so an anonymous POST would answer 403 "CSRF";
    here an anonymous caller falls through to 401 and only a signed-in session is held to CSRF.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        # Django's CsrfViewMiddleware logic: safe methods pass, unsafe ones need the token.
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfRejected()
        return request.COOKIES.get(self.param_name)


bearer_auth = BearerTokenAuth()
session_auth = SessionCsrfAuth()


def request_user(request: HttpRequest) -> User | None:
    """The signed-in user of a request that did not pass through ninja's auth (docs and schema views)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return user
    return user_from_bearer_header(request)


class RoleGate:
    """Authenticate as usual, then answer 404 unless the user holds ``role`` — before the request body is
    validated, so an endpoint meant for one role does not reveal itself (or its schema) to others (ADR-0004)."""

    def __init__(self, inner: Any, role: str) -> None:
        self.inner = inner
        self.role = role
        # The OpenAPI document shows the inner scheme (bearer or cookie).
        if hasattr(inner, "openapi_security_schema"):
            self.openapi_security_schema = inner.openapi_security_schema

    def __call__(self, request: HttpRequest) -> Any:
        user = self.inner(request)
        if user and not scope_of(user).has_role(self.role):
            raise Http404("接口不存在。")
        return user


def role_gated(role: str) -> list[Any]:
    """The API's two authentication methods, gated on ``role``."""
    return [RoleGate(bearer_auth, role), RoleGate(session_auth, role)]
