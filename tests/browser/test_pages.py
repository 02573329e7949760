"""Every demo account, in Chromium: sign in, the home page, and the 市工商联 inspection of round 7.

For each account the home page and (where the account may see it) the inspection page are screenshot
into var/screenshots/. Each page must be Chinese (``<html lang="zh…">``), log no console error and raise
no exception, and load nothing from any host but this server (every asset is vendored). Whether an
account may see the inspection is asked of the API with that account's session; the page must agree
(200, or 404: out of scope looks like not found).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.browser import support
from tests.browser.support import LOCALE, LOGIN_PATH, VERIFY_PATH, VIEWPORT, html_lang, login, totp_code
from xuncha.accounts.roles import ADMIN_ROLES, JURISDICTION_BUSINESS_ROLES, SECOND_FACTOR_ROLES, Role
from xuncha.demo.accounts import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

GSL = "市工商联"
CITY = "洛阳市"
USERNAMES = [a.username for a in DEMO_ACCOUNTS]
# The browser logs the document's own error status ("Failed to load resource: … 404") as a console error.
DOCUMENT_404 = ("the server responded with a status of 404",)


@dataclass(frozen=True)
class Target:
    organization_id: int
    inspection_id: int

    @property
    def path(self) -> str:
        return reverse("planning:inspection-detail", args=[self.inspection_id])


def api_get(page: Any, path: str) -> Any:
    """GET an API path with the page's session; fail the test on an error status."""
    response = page.request.get(path)
    assert response.ok, f"GET {path} answered {response.status}: {response.text()[:300]}"
    return response.json()


@pytest.fixture(scope="session")
def gsl(browser: Any, base_url: str, account: Any) -> Target:
    """The round-7 routine inspection of 市工商联, found through the API as the office director."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale=LOCALE)
    try:
        page = context.new_page()
        director = account("director")
        login(page, director["username"], director["password"], director["totp_secret"])
        orgs = api_get(page, f"/api/v1/organizations?q={GSL}&page_size=200")["results"]
        org = next((o for o in orgs if o["short_name"] == GSL), None)
        assert org is not None, f"the director sees no organisation {GSL}: {orgs}"
        found = api_get(page, f"/api/v1/inspections?organization={org['id']}&page_size=200")["results"]
        routine = [i for i in found if i["inspection_type"] == "routine"] or found
        assert routine, f"the director sees no inspection of {GSL}"
        return Target(organization_id=org["id"], inspection_id=routine[0]["id"])
    finally:
        context.close()


def shoot(page: Any, directory: Path, name: str) -> None:
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


def test_demo_accounts_file_lists_every_demo_account(demo_accounts):
    assert [a["username"] for a in demo_accounts] == USERNAMES
    for entry in demo_accounts:
        assert set(entry) >= {"role", "role_label", "username", "password", "totp_secret", "scope"}
        assert entry["role"] in Role.values and entry["password"]
        assert bool(entry["totp_secret"]) == (entry["role"] in SECOND_FACTOR_ROLES)


def test_a_confidential_role_signs_in_with_its_dynamic_code(page, watch, account, screenshots):
    """Password, then the code of the account's authenticator (the demo's published key), then the home page."""
    entry = account("leader3")
    support._SIGNED_IN.pop("leader3", None)  # this test is about the pages of signing in
    page.goto(LOGIN_PATH)
    page.fill("input[name='username']", entry["username"])
    page.fill("input[name='password']", entry["password"])
    with page.expect_navigation():
        page.locator("form:has(input[name='password']) [type='submit']").first.click()
    assert VERIFY_PATH in page.url, page.url
    assert page.get_by_label("动态口令或恢复码").count() == 1
    shoot(page, screenshots, "sign-in-dynamic-code")
    page.get_by_label("动态口令或恢复码").fill(totp_code(entry["totp_secret"], "leader3"))
    with page.expect_navigation():
        page.locator("form:has(input[name='code']) [type='submit']").first.click()
    assert VERIFY_PATH not in page.url and LOGIN_PATH not in page.url, page.url
    response = page.goto("/accounts/security/")
    assert response is not None and response.status == 200 and "已绑定" in page.content()
    shoot(page, screenshots, "account-security")
    assert watch.problems() == []


def test_anonymous_visitor_is_sent_to_the_login_page(page, watch, screenshots):
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert LOGIN_PATH in page.url
    assert html_lang(page).startswith("zh"), html_lang(page)
    assert page.locator("input[name='username']").count() == 1
    shoot(page, screenshots, "anonymous-login")
    assert watch.problems() == []


def test_site_has_an_icon(page, base_url):
    """Without one, Chromium's own request for /favicon.ico logs a 404 on every first visit."""
    page.goto(LOGIN_PATH)
    icons = page.locator("link[rel~='icon']")
    href = icons.first.get_attribute("href") if icons.count() else "/favicon.ico"
    assert href, "<link rel=icon> without href"
    if href.startswith("data:"):
        return
    response = page.request.get(href if "://" in href else base_url + "/" + href.lstrip("/"))
    assert response.status == 200, f"the site icon {href} answered {response.status}"


def test_wrong_password_is_refused(page, watch):
    with pytest.raises(AssertionError, match="login as"):
        login(page, "nobody-at-all", "wrong password")
    assert LOGIN_PATH in page.url
    assert watch.problems() == []


@pytest.mark.parametrize("username", USERNAMES)
def test_account_home_and_gsl_inspection(username, page, watch, login_as, gsl, screenshots):
    entry = login_as(username)

    response = page.goto("/")
    assert response is not None and response.status == 200, f"home page answered {response and response.status}"
    assert html_lang(page).startswith("zh"), html_lang(page)
    shoot(page, screenshots, f"{username}-home")
    assert watch.problems() == [], "on the home page"

    listed = api_get(page, f"/api/v1/inspections?organization={gsl.organization_id}&page_size=200")
    may_see = any(i["id"] == gsl.inspection_id for i in listed["results"])
    # What the roles promise, whatever the API says: business roles of 洛阳市 and 市工商联's own liaison see
    # it; a county's roles (上下联动 reaches only their own organisations) and the three administrators never do.
    city_role = entry["role"] in JURISDICTION_BUSINESS_ROLES and entry["scope"] == CITY
    if city_role or (entry["role"] == Role.LIAISON and entry["scope"] == GSL):
        assert may_see, f"{username} ({entry['role_label']}) should see the {GSL} inspection"
    county_role = entry["role"] in JURISDICTION_BUSINESS_ROLES and entry["scope"] != CITY
    if county_role or entry["role"] in ADMIN_ROLES or (entry["role"] == Role.LIAISON and entry["scope"] != GSL):
        assert not may_see, f"{username} ({entry['role_label']}) must not see the {GSL} inspection"

    watch.clear()
    response = page.goto(gsl.path)
    assert response is not None
    if may_see:
        assert response.status == 200, f"the inspection page answered {response.status}"
        assert html_lang(page).startswith("zh"), html_lang(page)
        assert GSL in page.inner_text("body")
        shoot(page, screenshots, f"{username}-inspection-gsl")
        assert watch.problems() == [], "on the inspection page"
    else:
        assert response.status == 404, f"out of scope must look like not found, got {response.status}"
        assert html_lang(page).startswith("zh"), html_lang(page)
        assert watch.problems(ignore_console=DOCUMENT_404) == [], "on the not-found page"


def test_api_docs_load_nothing_from_other_hosts(page, watch, login_as, screenshots):
    login_as("director")
    response = page.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    shoot(page, screenshots, "director-api-docs")
    assert watch.foreign_requests() == []
    assert watch.problems() == []
