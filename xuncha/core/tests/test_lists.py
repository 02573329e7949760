"""The list toolkit (core.lists): the pagination window is bounded however many pages there are (the parity of
the API's parameters with the pages' FilterSets is tests/test_lists.py)."""

from __future__ import annotations

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from xuncha.core.lists import page_window


def _links(page_number: int, pages: int) -> list[str]:
    paginator = Paginator(range(pages * 10), 10)
    request = RequestFactory().get("/x/", {"page": str(page_number), "q": "工商联"})
    html = render_to_string("components/pagination.html", {"page_obj": paginator.page(page_number)}, request)
    return re.findall(r'<(?:a|span) class="page-link"[^>]*>([^<]*)<', html)


@pytest.mark.parametrize("number", [1, 2, 10_004, 20_008, 20_009])
def test_pagination_window_is_bounded(number: int) -> None:
    # The audit log of issue 8 had 20,009 pages: the component printed a link per page it looped over.
    links = _links(number, 20_009)
    numbers = [int(text) for text in links if text.isdigit()]
    assert len(links) <= 2 + 1 + 2 * 2 + 1 + 2 + 2  # prev, first, window, current, last, two gaps, next
    assert number in numbers and 1 in numbers and 20_009 in numbers
    assert all(abs(n - number) <= 2 for n in numbers if n not in (1, 20_009))


@pytest.mark.parametrize(("number", "pages", "window"), [
    (1, 1, [1]), (1, 4, [1, 2, 3, 4]), (4, 4, [1, 2, 3, 4]), (1, 7, [1, 2, 3, "…", 7]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]), (5, 9, [1, "…", 3, 4, 5, 6, 7, "…", 9]),
])
def test_page_window(number: int, pages: int, window: list[int | str]) -> None:
    assert page_window(Paginator(range(pages * 10), 10).page(number)) == window


def test_page_window_does_not_walk_the_page_range() -> None:
    class Huge(Paginator):
        @property
        def page_range(self) -> range:
            raise AssertionError("the window must not iterate every page number")

    paginator = Huge(range(10**9), 10)
    assert page_window(paginator.page(5_000)) == [1, "…", 4_998, 4_999, 5_000, 5_001, 5_002, "…", 100_000_000]


def test_pagination_links_keep_the_filters() -> None:
    paginator = Paginator(range(100), 10)
    request = RequestFactory().get("/x/", {"page": "3", "q": "工商联"})
    html = render_to_string("components/pagination.html", {"page_obj": paginator.page(3)}, request)
    assert "?page=4&amp;q=%E5%B7%A5%E5%95%86%E8%81%94" in html
