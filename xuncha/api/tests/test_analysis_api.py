"""API of coverage, the calendar and the cross-inspection assignment: scope (404), refusal (403), content,
runs stored with their explanation, applying, the refusal once stationed (409), and query counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.models import ApiToken
from xuncha.inspections.models import Inspection, Round, Team
from xuncha.planning.models import CrossAssignmentRun
from xuncha.planning.tests.test_views_analysis import BUSINESS, NOWHERE, TEAM, CrossWorld, build_cross_world

pytestmark = pytest.mark.django_db


class Caller:
    def __init__(self, client: Client, user: Any) -> None:
        self.client = client
        _, raw = ApiToken.issue(user=user, name="test")
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        body = json.dumps(data) if data is not None else ""
        return self.client.post("/api/v1" + path, body, content_type="application/json", headers=self.headers)


@pytest.fixture
def cw() -> CrossWorld:
    return build_cross_world()


@pytest.fixture
def api(client: Client, cw: CrossWorld) -> Any:
    def make(username: str) -> Caller:
        return Caller(client, cw.users[username])

    return make


def _run(cw: CrossWorld, **kwargs: Any) -> CrossAssignmentRun:
    from xuncha.planning.crossing import cross_assignment_run

    return cross_assignment_run(actor=cw.users["office_staff"], round_id=cw.current.pk, **kwargs)


# ---- The permission matrix rows of these routes -------------------------------------------------------------------

READ = (
    [(p, "coverage", 200) for p in BUSINESS] + [(p, "coverage", 403) for p in TEAM]
    + [(p, "coverage", 404) for p in NOWHERE]
    + [(p, "calendar", 200) for p in BUSINESS + TEAM] + [(p, "calendar", 404) for p in NOWHERE]
    + [(p, "runs", 200) for p in BUSINESS] + [(p, "runs", 403) for p in TEAM] + [(p, "runs", 404) for p in NOWHERE]
    + [(p, "run", 200) for p in BUSINESS] + [(p, "run", 403) for p in TEAM] + [(p, "run", 404) for p in NOWHERE]
)


@pytest.mark.parametrize(("persona", "route", "expected"), READ)
def test_who_may_read(cw: CrossWorld, api: Any, persona: str, route: str, expected: int) -> None:
    run = _run(cw, seed=1)
    path = {"coverage": f"/terms/{cw.term.pk}/coverage", "calendar": f"/terms/{cw.term.pk}/calendar",
            "runs": f"/rounds/{cw.current.pk}/cross-assignment/runs", "run": f"/cross-assignment/runs/{run.pk}"}[route]
    response = api(persona).get(path)
    assert response.status_code == expected, response.content
    if expected != 200:
        assert set(response.json()) == {"code", "message", "fields"}


WRITE = ([(p, "ok") for p in ("office_staff", "office_director")]
         + [(p, 403) for p in ("leading_group", "discipline_commission", "org_department", *TEAM)]
         + [(p, 404) for p in NOWHERE])


@pytest.mark.parametrize(("persona", "expected"), WRITE)
def test_who_may_generate(cw: CrossWorld, api: Any, persona: str, expected: Any) -> None:
    response = api(persona).post(f"/rounds/{cw.current.pk}/cross-assignment/runs", {"seed": 1})
    assert response.status_code == (201 if expected == "ok" else expected)
    assert CrossAssignmentRun.objects.count() == (1 if expected == "ok" else 0)


@pytest.mark.parametrize(("persona", "expected"), WRITE)
def test_who_may_apply(cw: CrossWorld, api: Any, persona: str, expected: Any) -> None:
    run = _run(cw, seed=1)
    response = api(persona).post(f"/cross-assignment/runs/{run.pk}/apply")
    assert response.status_code == (200 if expected == "ok" else expected)


def test_unknown_and_anonymous(cw: CrossWorld, api: Any, client: Client) -> None:
    caller = api("office_staff")
    assert caller.get("/terms/999999/coverage").status_code == 404
    assert caller.get("/terms/999999/calendar").status_code == 404
    assert caller.get("/rounds/999999/cross-assignment/runs").status_code == 404
    assert caller.post("/rounds/999999/cross-assignment/runs", {}).status_code == 404
    assert caller.get("/cross-assignment/runs/999999").status_code == 404
    assert caller.post("/cross-assignment/runs/999999/apply").status_code == 404
    assert client.get(f"/api/v1/terms/{cw.term.pk}/coverage").status_code == 401


# ---- Coverage ----------------------------------------------------------------------------------------------------


def test_coverage(cw: CrossWorld, api: Any) -> None:
    data = api("leading_group").get(f"/terms/{cw.term.pk}/coverage").json()
    assert (data["population"], data["inspected"], data["scheduled"], data["not_planned"]) == (8, 2, 0, 6)
    assert data["rate"] == 0.25 and data["as_of"] == cw.current.planned_end.isoformat()
    assert data["capacity"] == data["estimated_capacity"] and not data["overridden"]
    assert data["progress"] == [{"date": "2017-03-01", "inspected": 2}]
    assert sum(r["count"] for r in data["allocation"]) == 6
    table = data["organizations"]
    assert table["count"] == 8 and len(table["results"]) == 8
    assert {o["status"] for o in table["results"]} == {"inspected", "not_planned"}
    inspected = [o for o in table["results"] if o["status"] == "inspected"]
    assert len(inspected) == 2
    assert all(o["inspected_on"] == "2017-03-01" and o["status_label"] == "已巡察" for o in inspected)
    planned = {o["id"]: o["suggested_round"] for o in table["results"] if o["status"] == "not_planned"}
    assert set(planned.values()) == {r["number"] for r in data["allocation"]}
    # A suggested round names a sample of its organisations (those within capacity and the first beyond it).
    shown = {pk: r["number"] for r in data["allocation"] for pk in r["organizations"]}
    assert shown and shown.items() <= planned.items()
    # The table pages and filters as the page's does.
    page = api("leading_group").get(f"/terms/{cw.term.pk}/coverage", status="inspected", page_size=1).json()
    assert page["organizations"]["count"] == 2 and len(page["organizations"]["results"]) == 1
    assert page["population"] == 8  # the figures are the whole term's
    assert sum(row["inspected"] for row in data["by_sector"]) == 2
    assert data["by_region"] == [{"label": "甲市", "inspected": 2, "scheduled": 0, "not_planned": 6}]


def test_coverage_with_capacity_overrides(cw: CrossWorld, api: Any) -> None:
    caller = api("office_staff")
    short = caller.get(f"/terms/{cw.term.pk}/coverage", as_of="2018-12-31", rounds_remaining=1, teams_per_round=2,
                       organizations_per_team=1).json()
    assert short["overridden"] and not short["reachable"] and short["shortfall"] == 4
    assert short["capacity"] == {"rounds_remaining": 1, "teams_per_round": 2, "organizations_per_team": 1,
                                 "organizations": 2}
    assert "不能实现全覆盖" in short["verdict"] and short["hints"]
    assert [r["within_capacity"] for r in short["allocation"]] == [True, False, False]
    fits = caller.get(f"/terms/{cw.term.pk}/coverage", as_of="2018-12-31", rounds_remaining=3, teams_per_round=2,
                      organizations_per_team=1).json()
    assert fits["reachable"] and fits["shortfall"] == 0


def test_coverage_parameters_are_checked(cw: CrossWorld, api: Any) -> None:
    caller = api("office_staff")
    outside = caller.get(f"/terms/{cw.term.pk}/coverage", as_of="2030-01-01")
    assert outside.status_code == 422 and "as_of" in outside.json()["fields"]
    negative = caller.get(f"/terms/{cw.term.pk}/coverage", rounds_remaining=-1)
    assert negative.status_code == 422 and "rounds_remaining" in negative.json()["fields"]


def test_coverage_query_count_is_bounded(cw: CrossWorld, api: Any) -> None:
    """The same statements whatever the population, and an answer of one page of it (issue 8)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xuncha.orgs.models import Organization

    caller = api("office_staff")
    caller.get(f"/terms/{cw.term.pk}/coverage")
    with CaptureQueriesContext(connection) as few:
        caller.get(f"/terms/{cw.term.pk}/coverage")
    for i in range(60):
        Organization.objects.create(name=f"中共甲市新设{i}局党组", short_name=f"新设{i}局", org_type="party_group",
                                    sector="party_government", jurisdiction=cw.city)
    with CaptureQueriesContext(connection) as many:
        data = caller.get(f"/terms/{cw.term.pk}/coverage", page_size=20).json()
    assert data["population"] == 68 and len(data["organizations"]["results"]) == 20
    assert len(many) == len(few) <= 18


# ---- Calendar ----------------------------------------------------------------------------------------------------


def test_calendar(cw: CrossWorld, api: Any) -> None:
    data = api("office_staff").get(f"/terms/{cw.term.pk}/calendar").json()
    assert [r["label"] for r in data["rounds"]] == ["十一届第1轮", "十一届第6轮", "十一届第7轮"]
    first = data["rounds"][0]["children"][0]
    assert first["planned"] == ["2017-03-01", "2017-04-10"] and first["actual"] == ["2017-03-01", "2017-04-10"]
    assert first["feedback_on"] == "2017-05-20" and first["status_label"] == "已归档"
    kinds = [c["kind"] for c in data["rounds"][-1]["children"]]
    assert kinds.count("linked_round") == 1 and kinds.count("inspection") == 5


def test_calendar_jurisdiction_filter(cw: CrossWorld, api: Any) -> None:
    caller = api("office_staff")
    south = caller.get(f"/terms/{cw.term.pk}/calendar", jurisdiction=cw.counties[2].pk).json()
    assert len(south["rounds"][-1]["children"]) == 2
    assert caller.get(f"/terms/{cw.term.pk}/calendar", jurisdiction=999999).status_code == 404
    member = api("team_member").get(f"/terms/{cw.term.pk}/calendar").json()
    assert [r["label"] for r in member["rounds"]] == ["十一届第7轮"]


# ---- Cross assignment ---------------------------------------------------------------------------------------------


def test_generate_a_run_with_a_lock_and_read_it(cw: CrossWorld, api: Any) -> None:
    caller = api("office_staff")
    east = Team.objects.get(round=cw.current, number=1)
    response = caller.post(f"/rounds/{cw.current.pk}/cross-assignment/runs",
                           {"seed": 9, "lookback": 1, "locks": [{"team": east.pk, "jurisdiction": cw.counties[3].pk}]})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["feasible"] and data["seed"] == 9 and data["lookback_rounds"] == 1
    assert data["locks"] == [{"team": {"id": east.pk, "name": "东城县巡察组"},
                              "jurisdiction": {"id": cw.counties[3].pk, "name": "北城县"}}]
    assert "LOCKED" in data["binding"] and "人工锁定" in data["binding_labels"]
    pairs = {p["team_id"]: p["jurisdiction_id"] for p in data["result"]["pairs"]}
    assert pairs[east.pk] == cw.counties[3].pk and len(pairs) == 5
    assert all(p["reason"] and p["funnel"] for p in data["result"]["pairs"])
    assert "交叉巡察配对：已生成方案" in data["summary"] and not data["simulation_only"]
    assert caller.get(f"/cross-assignment/runs/{data['id']}").json()["result"] == data["result"]
    listing = caller.get(f"/rounds/{cw.current.pk}/cross-assignment/runs").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == data["id"]


def test_an_impossible_run_is_stored_with_its_explanation(cw: CrossWorld, api: Any) -> None:
    east = Team.objects.get(round=cw.current, number=1)
    response = api("office_staff").post(f"/rounds/{cw.current.pk}/cross-assignment/runs",
                                        {"locks": [{"team": east.pk, "jurisdiction": cw.counties[0].pk}]})
    assert response.status_code == 201
    data = response.json()
    assert not data["feasible"] and data["result"]["infeasibilities"]
    assert any("不得巡察本地" in str(inf) for inf in data["result"]["infeasibilities"])
    assert any(r["feasible"] for r in data["result"]["relaxations"])


def test_bad_run_requests(cw: CrossWorld, api: Any) -> None:
    caller = api("office_staff")
    path = f"/rounds/{cw.current.pk}/cross-assignment/runs"
    assert caller.post(path, {"seed": -1}).status_code == 422
    assert caller.post(path, {"lookback": 21}).status_code == 422
    assert caller.post(path, {"locks": [{"team": 1}]}).status_code == 422
    assert caller.post(path, {"colour": "red"}).status_code == 422
    unknown = caller.post(path, {"locks": [{"team": 999999, "jurisdiction": cw.counties[1].pk}]})
    assert unknown.status_code == 400 and "配对条件有误" in unknown.json()["message"]
    routine = caller.post(f"/rounds/{cw.routine.pk}/cross-assignment/runs", {})
    assert routine.status_code == 400 and "没有异地交叉巡察" in routine.json()["message"]
    assert CrossAssignmentRun.objects.count() == 0


def test_apply_then_refused_after_stationing(cw: CrossWorld, api: Any) -> None:
    caller = api("office_director")
    run = _run(cw, seed=5)
    applied = caller.post(f"/cross-assignment/runs/{run.pk}/apply")
    assert applied.status_code == 200 and applied.json()["run"]["applied"]
    wanted = {p["jurisdiction_id"]: p["team_id"] for p in run.result["pairs"]}
    for insp in Inspection.objects.filter(round=cw.current, is_cross=True):
        assert insp.team_id == wanted[insp.targets.get().organization.jurisdiction_id]

    other = _run(cw, seed=6)
    cw.station()
    before = dict(Inspection.objects.filter(round=cw.current).values_list("pk", "team_id"))
    refused = caller.post(f"/cross-assignment/runs/{other.pk}/apply")
    assert refused.status_code == 409
    assert "已进驻" in refused.json()["message"] and "模拟推演" in refused.json()["message"]
    assert dict(Inspection.objects.filter(round=cw.current).values_list("pk", "team_id")) == before
    assert caller.get(f"/cross-assignment/runs/{other.pk}").json()["simulation_only"]


def test_an_infeasible_run_cannot_be_applied(cw: CrossWorld, api: Any) -> None:
    east = Team.objects.get(round=cw.current, number=1)
    run = _run(cw, locks=[(east.pk, cw.counties[0].pk)])
    response = api("office_staff").post(f"/cross-assignment/runs/{run.pk}/apply")
    assert response.status_code == 400 and "无可行解" in response.json()["message"]


def test_run_list_of_a_round_without_runs_is_empty(cw: CrossWorld, api: Any) -> None:
    rnd = Round.objects.get(pk=cw.routine.pk)
    assert api("office_staff").get(f"/rounds/{rnd.pk}/cross-assignment/runs").json()["count"] == 0
