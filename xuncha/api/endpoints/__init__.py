"""The API's endpoints, one module per part of the domain; each only parses, calls a selector or
service and returns what the response schema reads."""

from typing import cast

from django.http import HttpRequest

from xuncha.accounts.models import User


def actor_of(request: HttpRequest) -> User:
    """The authenticated caller (set by the bearer or session auth on ``request.auth``)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]
