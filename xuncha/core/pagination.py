"""One paginator for every list page, with a bounded page size; keyset pages for very long lists (the audit log)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class PageLink:
    number: int
    before: str = ""  # rows with a smaller id (older)
    after: str = ""  # rows with a larger id (newer)
    current: bool = False


@dataclass
class KeysetPage:
    """One page of a newest-first list, found by id rather than by offset: no COUNT, no page range."""

    object_list: list[Any]
    number: int
    window: list[PageLink] = field(default_factory=list)
    previous: PageLink | None = None
    next: PageLink | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def first_id(self) -> Any:
        return self.object_list[0].pk if self.object_list else None

    @property
    def last_id(self) -> Any:
        return self.object_list[-1].pk if self.object_list else None


def _cursor(request: HttpRequest, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if 0 < value < 2**63 else None  # ids are 64-bit: anything else names no row


def keyset_paginate(request: HttpRequest, queryset: Any, *, per_page: int | None = None, span: int = 2
                    ) -> KeysetPage:
    """The page of ``queryset`` (any filters; ordered here by ``-id``) before or after the id cursor in the request
    (``before``/``after``), with a window of ``span`` pages on each side found by reading ids only.

    Each page costs a few index range scans of at most ``(2·span + 1)·per_page`` ids, whatever the size of the
    table; a bad cursor or page number gives the newest page. ``p`` only numbers the pages for the reader."""
    try:
        size = int(request.GET.get("page_size", per_page or settings.XUNCHA_PAGE_SIZE))
    except ValueError:
        size = settings.XUNCHA_PAGE_SIZE
    size = max(1, min(size, settings.XUNCHA_MAX_PAGE_SIZE))
    try:
        number = max(1, min(int(request.GET.get("p", "1")), 10**9))
    except ValueError:
        number = 1
    before, after = _cursor(request, "before"), _cursor(request, "after")
    newest = queryset.order_by("-id")
    rows: list[Any] = []
    if after is not None:
        rows = list(queryset.filter(id__gt=after).order_by("id")[:size])[::-1]
        if len(rows) < size:  # reached the newest rows: the first page, as it is now
            rows = []
    elif before is not None:
        rows = list(newest.filter(id__lt=before)[:size])
    if not rows:
        rows, number = list(newest[:size]), 1
    page = KeysetPage(rows, number)
    if not rows:
        return page
    first, last = rows[0].pk, rows[-1].pk
    older = list(newest.filter(id__lt=last).values_list("id", flat=True)[: span * size])
    newer = list(queryset.filter(id__gt=first).order_by("id").values_list("id", flat=True)[: span * size])
    ahead = [PageLink(number + k + 1, before=str(older[k * size - 1] if k else last))
             for k in range(span) if len(older) > k * size]
    behind = [PageLink(number - k - 1, after=str(newer[k * size - 1] if k else first))
              for k in range(span) if len(newer) > k * size]
    # Rows written since the reader's first page make "newer" pages than page 1: they are numbered from 1 again.
    behind = [link for link in behind if link.number >= 1]
    page.window = [*reversed(behind), PageLink(number, current=True), *ahead]
    page.previous = behind[0] if behind else (PageLink(1) if newer else None)
    page.next = ahead[0] if ahead else None
    return page
