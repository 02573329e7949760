"""One paginator for every list page, with a bounded page size."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: Any, *, per_page: int | None = None) -> Page:
    """The requested page of ``queryset``; bad or out-of-range numbers give the nearest valid page."""
    try:
        size = int(request.GET.get("page_size", per_page or settings.XUNCHA_PAGE_SIZE))
    except ValueError:
        size = settings.XUNCHA_PAGE_SIZE
    size = max(1, min(size, settings.XUNCHA_MAX_PAGE_SIZE))
    return Paginator(queryset, size).get_page(request.GET.get("page"))
