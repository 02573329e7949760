"""安排被巡察党组织 in Chromium: ticks survive paging and filtering, and submitting arranges all of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def _api(page: Any, path: str) -> Any:
    response = page.request.get(path)
    assert response.ok, f"GET {path} answered {response.status}"
    return response.json()


def _row_name(page: Any, box: Any) -> str:
    return str(page.locator(f"label[for='{box.get_attribute('id')}']").inner_text())


def test_ticks_kept_across_pages_become_one_inspection(page: Any, login_as: Any, watch: Any,
                                                       screenshots: Path) -> None:
    login_as("office")
    term = _api(page, "/api/v1/terms")["results"][0]
    rnd = next(r for r in _api(page, f"/api/v1/rounds?term={term['id']}&page_size=200")["results"]
               if r["number"] == 7)
    page.goto(reverse("planning:plan-targets", args=[rnd["id"]]))
    # Page 1: tick the second candidate.
    first = page.locator("#plan-form tbody input[name='organizations']").nth(1)
    first_id, first_name = first.get_attribute("value"), _row_name(page, first)
    first.check()
    assert "已选 1 个党组织" in page.inner_text("#plan-form")
    with page.expect_navigation():
        page.locator("#plan-form a.page-link", has_text="下一页").first.click()
    assert "page=2" in page.url and f"sel={first_id}" in page.url
    # Page 2: the tick of page 1 is listed beside the form, still ticked; tick one more here.
    assert page.locator(f"#kept-{first_id}").is_checked()
    assert first_name in page.inner_text("#selected-list")
    # "全选本页" is about this page: nothing is ticked here yet.
    assert page.locator("#check-all").evaluate("box => !box.checked && !box.indeterminate")
    second = page.locator("#plan-form tbody input[name='organizations']").nth(1)
    second_id, second_name = second.get_attribute("value"), _row_name(page, second)
    second.check()
    assert "已选 2 个党组织" in page.inner_text("#plan-form")
    assert second_name in page.inner_text("#selected-list")
    # Filtering keeps both ticks too.
    page.fill("form.filter-bar input[name='q']", "局")
    with page.expect_navigation():
        page.locator("form.filter-bar [type='submit']").click()
    assert f"sel={first_id}" in page.url and f"sel={second_id}" in page.url
    assert "已选 2 个党组织" in page.inner_text("#plan-form")
    page.screenshot(path=str(screenshots / "office-plan-targets-ticks-kept.png"), full_page=True)
    with page.expect_navigation():
        page.locator("#plan-form [type='submit']").first.click()
    assert "已安排巡察" in page.inner_text("body")
    assert "sel=" not in page.url
    page.screenshot(path=str(screenshots / "office-plan-targets-arranged.png"), full_page=True)
    found = [i for i in _api(page, f"/api/v1/inspections?round={rnd['id']}&page_size=200")["results"]
             if {str(t["id"]) for t in i["targets"]} == {first_id, second_id}]
    assert len(found) == 1, "no inspection names both ticked organisations"
    assert watch.problems() == []


def test_revisit_target_is_found_by_typing_and_picked_with_the_keys(page: Any, login_as: Any, watch: Any,
                                                                    screenshots: Path) -> None:
    """回头看对象 lists no inspection (issue 8): typing part of a code or a unit's name asks the round's search for
    the matches; ↓ and Enter pick one without submitting the form; the arranged revisit names it."""
    login_as("office")
    term = _api(page, "/api/v1/terms")["results"][0]
    rnd = next(r for r in _api(page, f"/api/v1/rounds?term={term['id']}&page_size=200")["results"]
               if r["number"] == 7)
    page.goto(reverse("planning:plan-targets", args=[rnd["id"]]))
    page.locator("#plan-form tbody input[name='organizations']").first.check()
    page.select_option("#plan-form select[name='inspection_type']", value="revisit")
    box = page.get_by_role("combobox", name="回头看对象")
    assert box.is_visible() and page.locator("#plan-form select[name='revisit_of']").count() == 0
    box.fill("工商联")
    options = page.locator(f"#{box.get_attribute('aria-controls')} [role='option']:not([aria-disabled])")
    options.first.wait_for()
    labels = options.evaluate_all("items => items.map(o => o.dataset.label)")
    assert labels and all("工商联" in label for label in labels), labels
    page.screenshot(path=str(screenshots / "office-plan-targets-revisit-search.png"), full_page=True)
    box.press("ArrowDown")
    box.press("Enter")  # a pick, not a submit
    assert "已安排巡察" not in page.inner_text("body")
    code = labels[0].split(" ")[0]
    assert box.input_value() == labels[0] and page.locator("input[name='revisit_of']").input_value()
    with page.expect_navigation():
        page.locator("#plan-form [type='submit']").first.click()
    assert "已安排巡察" in page.inner_text("body")
    arranged = max(_api(page, f"/api/v1/inspections?round={rnd['id']}&page_size=200")["results"],
                   key=lambda i: i["id"])
    page.goto(reverse("planning:inspection-detail", args=[arranged["id"]]))
    assert code in page.locator("dt:has-text('回头看对象') + dd").inner_text()
    assert watch.problems() == []
