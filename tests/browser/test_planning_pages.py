"""The planning pages in Chromium, on the demo: pool, round planning, team forming with recusal, stationing,
coverage, calendar and the cross assignment. Each page must answer 200, be Chinese, log no console error,
load nothing from another host, and is screenshot into var/screenshots/ for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.browser.support import html_lang

pytestmark = pytest.mark.browser


def _api(page: Any, path: str) -> Any:
    response = page.request.get(path)
    assert response.ok, f"GET {path} answered {response.status}"
    return response.json()


@pytest.fixture
def round7(page: Any, login_as: Any) -> dict[str, int]:
    """Ids of the demo's term, round 7, its third team and the 市工商联 inspection, asked of the API."""
    login_as("director")
    term = _api(page, "/api/v1/terms")["results"][0]
    rnd = next(r for r in _api(page, f"/api/v1/rounds?term={term['id']}&page_size=200")["results"]
               if r["number"] == 7)
    teams = _api(page, f"/api/v1/teams?round={rnd['id']}&page_size=200")["results"]
    team = next(t for t in teams if "第三" in t["name"])
    inspection = next(i for i in _api(page, f"/api/v1/inspections?round={rnd['id']}&page_size=200")["results"]
                      if i["team"] and i["team"]["id"] == team["id"] and i["inspection_type"] == "routine")
    runs = _api(page, f"/api/v1/rounds/{rnd['id']}/cross-assignment/runs")["results"]
    return {"term": term["id"], "round": rnd["id"], "team": team["id"], "inspection": inspection["id"],
            "run": runs[0]["id"]}


PAGES = [
    ("pool", lambda ids: reverse("pool:profile-list")),
    ("pool-import", lambda ids: reverse("pool:profile-import")),
    ("coverage", lambda ids: reverse("planning:coverage", args=[ids["term"]])),
    ("calendar", lambda ids: reverse("planning:calendar", args=[ids["term"]])),
    ("annual-plans", lambda ids: reverse("planning:annualplan-list", args=[ids["term"]])),
    ("round-create", lambda ids: reverse("planning:round-create", args=[ids["term"]])),
    ("plan-targets", lambda ids: reverse("planning:plan-targets", args=[ids["round"]])),
    ("work-plans", lambda ids: reverse("planning:workplan-list", args=[ids["round"]])),
    ("crossing", lambda ids: reverse("planning:crossing", args=[ids["round"]])),
    ("crossing-run", lambda ids: reverse("planning:crossing-run", args=[ids["run"]])),
    ("team", lambda ids: reverse("planning:team-detail", args=[ids["team"]])),
    ("team-forming", lambda ids: reverse("planning:team-forming", args=[ids["team"]])),
    ("stationing", lambda ids: reverse("planning:stationing-detail", args=[ids["inspection"]])),
    ("announcement-print", lambda ids: reverse("planning:announcement-print", args=[ids["inspection"]])),
]


@pytest.mark.parametrize(("name", "path_of"), PAGES, ids=[p[0] for p in PAGES])
def test_planning_page(name: str, path_of: Any, page: Any, watch: Any, round7: dict[str, int],
                       screenshots: Any) -> None:
    watch.clear()
    response = page.goto(path_of(round7))
    assert response is not None and response.status == 200, f"{name} answered {response and response.status}"
    page.wait_for_load_state("networkidle")
    assert html_lang(page).startswith("zh"), html_lang(page)
    page.screenshot(path=str(screenshots / f"director-planning-{name}.png"), full_page=True)
    assert watch.foreign_requests() == []
    assert watch.problems() == [], f"on {name}"


def test_system_admin_configures_planning_rules(page: Any, watch: Any, login_as: Any, screenshots: Any) -> None:
    """The rules that differ between localities are edited on a page, not in code."""
    login_as("sysadmin")
    city = next(j for j in _api(page, "/api/v1/jurisdictions?page_size=200")["results"] if j["name"] == "洛阳市")
    for name in ("accounts:time-limits-edit", "accounts:planning-rules-edit"):
        watch.clear()
        response = page.goto(reverse(name, args=[city["id"]]))
        assert response is not None and response.status == 200, f"{name} answered {response and response.status}"
        assert html_lang(page).startswith("zh")
        page.screenshot(path=str(screenshots / f"sysadmin-{name.split(':')[1]}.png"), full_page=True)
        assert watch.problems() == [], f"on {name}"


def test_office_attaches_a_team_to_an_inspection_planned_without_one(page: Any, watch: Any, login_as: Any,
                                                                      screenshots: Any) -> None:
    """The issue's dead end: planned with 巡察组“暂不指定”, the team is attached later on the inspection page."""
    login_as("office")
    term = _api(page, "/api/v1/terms")["results"][0]
    rnd = next(r for r in _api(page, f"/api/v1/rounds?term={term['id']}&page_size=200")["results"]
               if r["number"] == 7)
    # A new team with nobody on it yet: no recusal ground can stand in the way.
    page.goto(reverse("planning:team-create", args=[rnd["id"]]))
    page.fill("input[name='number']", "30")
    page.fill("input[name='name']", "市委机动巡察组")
    with page.expect_navigation():
        page.locator("form:has(input[name='number']) [type='submit']").click()
    # Two organisations, 巡察组“暂不指定”.
    page.goto(reverse("planning:plan-targets", args=[rnd["id"]]))
    boxes = page.locator("input[name='organizations']")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert page.locator("#plan-form select[name='team']").input_value() == ""
    with page.expect_navigation():
        page.locator("#plan-form [type='submit']").click()
    planned = [i for i in _api(page, f"/api/v1/inspections?round={rnd['id']}&page_size=200")["results"]
               if i["team"] is None and i["status"] == "planned"]
    inspection = max(planned, key=lambda i: i["id"])
    watch.clear()
    page.goto(reverse("planning:inspection-detail", args=[inspection["id"]]))
    assert "尚未指定巡察组" in page.inner_text("#team-heading + .card-body")
    page.screenshot(path=str(screenshots / "office-inspection-without-team.png"), full_page=True)
    page.select_option("form[action$='/team/'] select[name='team']", label="市委机动巡察组")
    with page.expect_navigation():
        page.locator("form[action$='/team/'] [type='submit']").click()
    assert "已由市委机动巡察组承担这次巡察" in page.inner_text("body")
    assert page.locator("#team-heading + .card-body a.fw-semibold").inner_text() == "市委机动巡察组"
    page.screenshot(path=str(screenshots / "office-inspection-team-attached.png"), full_page=True)
    assert watch.foreign_requests() == []
    assert watch.problems() == []
