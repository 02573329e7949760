"""Page-number pagination with the envelope ``{"count", "page", "page_size", "results"}``.

ninja's own paginators answer ``{"items", "count"}`` and give the view no hook between slicing and
serialising; lists here need one (e.g. hiding inspection targets the caller may not see), so the
envelope is built by ``paginate`` and typed per item schema by ``paged``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

# The documented ceiling (brief: max 200); XUNCHA_MAX_PAGE_SIZE can lower it at run time.
MAX_PAGE_SIZE = 200
# Bounds the SQL OFFSET (page × size) well inside a 64-bit integer.
MAX_PAGE = 1_000_000


class PageParams(Schema):
    """Query parameters shared by every list; filter schemas extend it."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="每页条数，默认 50，最大 200")


class Page(Schema):
    count: int = Field(description="符合条件的总条数")
    page: int
    page_size: int
    results: list[Any]


@cache
def paged(item: type[Schema]) -> type[Page]:
    """The page envelope whose ``results`` are ``item`` (one class per item schema, for OpenAPI)."""
    return create_model(f"Paged{item.__name__}", __base__=Page, results=(list[item], ...))  # type: ignore[valid-type]


def paginate(queryset: QuerySet[Any], params: PageParams,
             prepare: Callable[[list[Any]], None] | None = None) -> dict[str, Any]:
    """Count, slice and (optionally) ``prepare`` one page; a page past the end is empty, not an error."""
    size = min(params.page_size or settings.XUNCHA_PAGE_SIZE, settings.XUNCHA_MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    count = queryset.count()
    offset = (params.page - 1) * size
    items = list(queryset[offset:offset + size]) if offset < count else []
    if prepare is not None and items:
        prepare(items)
    return {"count": count, "page": params.page, "page_size": size, "results": items}
