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
