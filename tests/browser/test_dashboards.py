"""The leading group's to-do (待办) in Chromium, on the demo: after signing in the menu counts what waits,
the work page lists round 8's work plan awaiting approval, and following it opens the approval page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.support import html_lang

pytestmark = pytest.mark.browser


def test_leading_group_follows_the_todo_to_the_work_plan_approval(page: Any, watch: Any, login_as: Any,
                                                                    screenshots: Any) -> None:
    login_as("leading")
    assert page.url.endswith("/")  # signing in lands on the work page
    page.wait_for_load_state("networkidle")
    badge = page.locator("[data-nav-badge]")
    assert badge.count() == 1 and int(re.sub(r"\D", "", badge.inner_text())) >= 1
    todos = page.locator("#section-todos ~ .card .todo-item")
    plan = page.get_by_role("link", name=re.compile("审批工作方案：十一届市委第八轮巡察工作方案"))
    assert todos.count() >= 1 and plan.count() == 1
    page.screenshot(path=str(screenshots / "leading-home-todos.png"), full_page=True)
    with page.expect_navigation():
        plan.click()
    assert re.search(r"/planning/work-plans/\d+/$", page.url), page.url
    assert html_lang(page).startswith("zh")
    approve = page.get_by_role("button", name="批准")
    assert approve.count() == 1 and approve.is_visible()
    assert page.get_by_text("十一届市委第八轮巡察").first.is_visible()
    page.screenshot(path=str(screenshots / "leading-work-plan-approval.png"), full_page=True)
    watch.clear()
    page.goto("/todos/")
    assert page.locator(".todo-item").count() >= 1
    page.screenshot(path=str(screenshots / "leading-todos.png"), full_page=True)
    assert watch.problems() == []
