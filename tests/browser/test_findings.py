"""Findings in the field, at phone size (390 px): the tab 问题, a finding with its evidence and the form with its
pickers, as a member of 第三组, who sees a talk record they were not at as a hidden citation.
Screenshots go to var/screenshots/findings-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.browser.support import LOCALE, login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, base_url: str, account: Any, watch: Any) -> Any:
    contexts: list[Any] = []

    def open_as(username: str) -> Any:
        context = browser.new_context(base_url=base_url, viewport=PHONE, locale=LOCALE, timezone_id="Asia/Shanghai",
                                      is_mobile=True, has_touch=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        entry = account(username)
        login(page, entry["username"], entry["password"], entry.get("totp_secret", ""))
        return page

    yield open_as
    for context in contexts:
        context.close()


def _fits(page: Any, path: str, name: str, screenshots: Any, watch: Any) -> None:
    watch.clear()
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{name}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / f"findings-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide"
    assert watch.problems() == [], f"on {name}"


def test_the_findings_pages_fit_a_phone(phone: Any, watch: Any, screenshots: Any) -> None:
    page = phone("member3")
    inspection = page.request.get("/api/v1/inspections", params={"q": "11-7-03"}).json()["results"][0]["id"]
    findings = page.request.get(f"/api/v1/inspections/{inspection}/findings").json()["results"]
    assert len(findings) >= 8
    _fits(page, reverse("findings:finding-list", args=[inspection]), "list", screenshots, watch)
    assert page.get_by_role("link", name="问题", exact=True).count() >= 1
    first = findings[0]["id"]
    _fits(page, reverse("findings:finding-detail", args=[first]), "detail", screenshots, watch)
    assert page.get_by_text("定性依据").count() >= 1
    _fits(page, reverse("findings:finding-create", args=[inspection]), "form", screenshots, watch)
    # Talk records the member was not at are cited, hidden.
    hidden = False
    for finding in findings:
        page.goto(reverse("findings:finding-detail", args=[finding["id"]]))
        if page.get_by_text("（无权查看的依据）").count():
            hidden = True
            break
    assert hidden
