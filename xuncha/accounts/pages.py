"""Helpers shared by the pages of every app: which page kinds a role uses, and htmx fragments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# Which capabilities open each kind of page (the same sets as the navigation in accounts.context_processors).
ORGANIZATION_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING, Cap.MANAGE_ROLES, Cap.MANAGE_ACCOUNTS})
JURISDICTION_PAGE_CAPS = ORGANIZATION_PAGE_CAPS | {Cap.MANAGE_CONFIGURATION}
PEOPLE_PAGE_CAPS = frozenset({Cap.VIEW_PEOPLE})
INSPECTION_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING, Cap.VIEW_OWN_INSPECTION})


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``: the ``actor`` of the selectors and services."""
    return cast("User", request.user)


def require_any_capability(request: HttpRequest, caps: Iterable[Cap]) -> frozenset[Cap]:
    """The user's capabilities, or 404 when none of ``caps`` is among them: a page kind the user's roles
    never use does not exist for them (ADR-0004)."""
    held = scope_of(request.user).capabilities()
    if not held.intersection(caps):
        raise Http404("页面不存在或无权查看。")
    return held


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a boosted navigation, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def render_page(request: HttpRequest, template: str, context: dict[str, Any], *, partial: str = "",
                status: int = 200) -> HttpResponse:
    """Render the page, or only its ``partial`` when htmx asks for the fragment."""
    name = f"{template}#{partial}" if partial and wants_partial(request) else template
    response = render(request, name, context, status=status)
    if partial:
        patch_vary_headers(response, ("HX-Request",))
    return response
