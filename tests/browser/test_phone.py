"""The pages used in the field, at phone size (390 px wide): the pool list, an inspection as a team member and
as the inspected unit's liaison, and their work pages. None may be wider than the screen (a wide table scrolls
inside its card), and the stage bar shows the current stage. Screenshots go to var/screenshots/phone-*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser.support import LOCALE, login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, base_url: str, account: Any, watch: Any) -> Any:
    """``phone("member3")``: a 390 px page signed in as that demo account."""
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


def _gsl_inspection(page: Any) -> int:
    """The 市工商联 inspection, as the liaison's list of inspections gives it (it is the only one there)."""
    response = page.request.get("/api/v1/inspections")
    assert response.ok, response.status
    (inspection,) = response.json()["results"]
    return int(inspection["id"])


def _check(page: Any, path: str, name: str, screenshots: Any, watch: Any, *, stage_bar: bool) -> None:
    watch.clear()
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{name}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / f"phone-{name}.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        # Name the outermost elements that stick out, so that the failure says what to fix.
        wide = page.evaluate("""(limit) => Array.from(document.querySelectorAll('body *')).filter(el => {
            const r = el.getBoundingClientRect();
            return r.right > limit && !(el.parentElement && el.parentElement.getBoundingClientRect().right > limit);
        }).slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(
            el.getBoundingClientRect().right)} px)`)""", PHONE["width"])
        pytest.fail(f"{name} is {width} px wide on a {PHONE['width']} px screen: {wide}")
    if stage_bar:
        bars = page.evaluate("""() => Array.from(document.querySelectorAll('.lifecycle')).map(bar => {
            const li = bar.querySelector('li.current') || Array.from(bar.querySelectorAll('li.done')).pop();
            const r = li.getBoundingClientRect();
            return [Math.round(r.left), Math.round(r.right)];
        })""")
        assert bars, f"{name} has no stage bar"
        for left, right in bars:
            assert left >= 0 and right <= PHONE["width"], f"{name}: the current stage is at {left}–{right} px"
    assert watch.problems() == [], f"on {name}"


def test_pool_list_fits_a_phone(phone: Any, watch: Any, screenshots: Any) -> None:
    page = phone("director")
    _check(page, reverse("pool:profile-list"), "pool-list", screenshots, watch, stage_bar=False)
    # The table is there and scrolls inside its card.
    assert page.evaluate("document.querySelector('.pool-table').getBoundingClientRect().width") > PHONE["width"]


def test_cadre_page_unit_filter_searches_as_one_types(phone: Any, watch: Any, screenshots: Any) -> None:
    """The unit filter is an autocomplete (no list of every unit, issue 8): typing asks the server for the matches,
    the keys move through them, Enter picks one and the list of cadres follows (the unit with its subordinates);
    emptying the box shows everyone again."""
    page = phone("director")
    _check(page, reverse("orgs:person-list"), "cadres", screenshots, watch, stage_bar=False)
    assert page.locator("select[name='organization']").count() == 0
    box = page.get_by_role("combobox", name="工作单位（含下级）")
    box.fill("工商")
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for()
    shown = [text for text in options.all_inner_texts() if "仅列出" not in text]
    assert shown and all("工商" in text for text in shown), shown
    assert page.url.endswith(reverse("orgs:person-list")), "typing in the box must not submit the filter"
    page.screenshot(path=str(screenshots / "phone-cadres-unit-search.png"))
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    picked = options.first.get_attribute("data-label")
    with page.expect_response(lambda r: "organization=" in r.url and r.request.method == "GET"):
        box.press("Enter")
    page.wait_for_url(re.compile(r"organization=\d+"))
    assert box.input_value() == picked
    assert box.get_attribute("aria-expanded") == "false"
    filtered = page.locator("#person-results tbody tr").count()
    assert filtered > 0
    box.fill("")
    box.blur()
    page.wait_for_url(re.compile(r"organization=(&|$)"))
    page.wait_for_function(f"document.querySelectorAll('#person-results tbody tr').length > {filtered}")
    assert watch.problems() == []


@pytest.mark.parametrize("username", ["member3", "liaison_gsl"])
def test_field_pages_fit_a_phone(username: str, phone: Any, watch: Any, screenshots: Any) -> None:
    page = phone(username)
    pk = _gsl_inspection(phone("liaison_gsl")) if username != "liaison_gsl" else _gsl_inspection(page)
    _check(page, reverse("dashboards:home"), f"{username}-home", screenshots, watch, stage_bar=True)
    _check(page, reverse("planning:inspection-list"), f"{username}-inspections", screenshots, watch, stage_bar=False)
    _check(page, reverse("planning:inspection-detail", args=[pk]), f"{username}-inspection", screenshots, watch,
           stage_bar=True)
    _check(page, reverse("planning:stationing-detail", args=[pk]), f"{username}-stationing", screenshots, watch,
           stage_bar=False)
