"""Template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from xuncha.core import lists

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (keeps filters when paging)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag
def status_badge(obj: Any) -> str:
    """A coloured badge for an object with ``status``, ``get_status_display`` and ``status_color``."""
    return render_to_string(
        "components/status_badge.html", {"label": obj.get_status_display(), "color": obj.status_color}
    )


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def page_window(page: Any) -> list[int | str]:
    """The page numbers to link around ``page``, with ``…`` for gaps (``core.lists.page_window``)."""
    return lists.page_window(page)
