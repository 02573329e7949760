"""Pages of coverage over a term, the term calendar and the cross-inspection assignment: who may open them,
what they say, the run stored from the page, applying it, and their cost in queries."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.planning.models import CrossAssignmentRun

pytestmark = pytest.mark.django_db
D = datetime.date
COUNTIES = ["东城县", "西城县", "南城县", "北城县", "中城县"]


@dataclass
class CrossWorld:
    city: Jurisdiction
    counties: list[Jurisdiction]
    city_orgs: list[Organization]
    housing: dict[int, Organization]
    term: Term
    routine: Round
    previous: Round
    current: Round
    county_round: Round
    users: dict[str, User] = field(default_factory=dict)

    def cross_inspections(self) -> list[Inspection]:
        return list(Inspection.objects.filter(round=self.current, is_cross=True).order_by("code"))

    def station(self) -> None:
        for insp in self.cross_inspections():
            insp.status, insp.stationed_on = "stationed", self.current.planned_start
            insp.save()


def _inspection(rnd: Round, team: Team, code: str, orgs: list[Organization], *, status: str, kind: str = "routine",
                **extra: Any) -> Inspection:
    insp = Inspection.objects.create(
        round=rnd, team=team, code=code, inspection_type=kind, planned_entry=rnd.planned_start,
        planned_withdrawal=rnd.planned_end, stationed_on=rnd.planned_start if status != "planned" else None,
        withdrawn_on=rnd.planned_end if status in ("archived",) else None, **extra)
    insp.status = status
    insp.save()
    for org in orgs:
        InspectionTarget.objects.create(inspection=insp, organization=org)
    return insp


def build_cross_world() -> CrossWorld:
    """A city with five counties: a routine round that inspected two of the city's eight organisations, a
    previous cross round (archived) and the current one (planned) in which each county team inspects the
    housing bureau of another county, and a linked round of one county alongside it."""
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    counties = [Jurisdiction.objects.create(name=n, committee_name=f"中共{n}委", level="county",
                                            division_code=f"9901{i + 10:02d}", parent=city)
                for i, n in enumerate(COUNTIES)]
    sectors = ["party_government", "party_government", "public_institution", "education", "party_government",
               "state_enterprise", "party_government", "mass_organization"]
    city_orgs = [Organization.objects.create(name=f"中共甲市第{i}局党组", short_name=f"甲市第{i}局",
                                             org_type="party_group", sector=sectors[i], jurisdiction=city)
                 for i in range(8)]
    housing = {c.pk: Organization.objects.create(name=f"中共{c.name}住建局党组", short_name=f"{c.name}住建局",
                                                 org_type="party_group", sector="party_government", jurisdiction=c,
                                                 staff_size=60) for c in counties}
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=D(2016, 10, 1),
                               end_date=D(2021, 9, 30))

    routine = Round.objects.create(term=term, number=1, name="十一届第一轮", year=2017, planned_start=D(2017, 3, 1),
                                   planned_end=D(2017, 4, 10))
    city_team = Team.objects.create(round=routine, number=1, name="市委第一巡察组", home_jurisdiction=city)
    first = _inspection(routine, city_team, "11-1-01", city_orgs[:2], status="archived")
    first.feedback_on = D(2017, 5, 20)
    first.save()

    def cross_round(number: int, start: D, shift: int, status: str) -> Round:
        rnd = Round.objects.create(term=term, number=number, name=f"十一届第{number}轮", year=start.year,
                                   planned_start=start, planned_end=start + datetime.timedelta(days=30))
        for i, county in enumerate(counties):
            team = Team.objects.create(round=rnd, number=i + 1, name=f"{county.name}巡察组", home_jurisdiction=county)
            target = counties[(i + shift) % len(counties)]
            _inspection(rnd, team, f"11-{number}-X{i + 1:02d}", [housing[target.pk]], status=status,
                        kind="special", special_topic="公租房", is_cross=True, is_linked=True)
        return rnd

    previous = cross_round(6, D(2018, 6, 1), 1, "archived")
    current = cross_round(7, D(2018, 11, 1), 2, "planned")

    county_term = Term.objects.create(jurisdiction=counties[0], number=9, name="九届", start_date=D(2016, 10, 1),
                                      end_date=D(2021, 9, 30))
    county_round = Round.objects.create(term=county_term, number=3, name="东城县第三轮", year=2018,
                                        planned_start=D(2018, 11, 5), planned_end=D(2018, 12, 5))
    county_org = Organization.objects.create(name="中共东城县教育局党组", short_name="东城县教育局",
                                             org_type="party_group", sector="education", jurisdiction=counties[0])
    county_team = Team.objects.create(round=county_round, number=1, name="东城县第一巡察组",
                                      home_jurisdiction=counties[0])
    _inspection(county_round, county_team, "DC-9-3-01", [county_org], status="planned", kind="linked",
                is_linked=True)

    world = CrossWorld(city=city, counties=counties, city_orgs=city_orgs, housing=housing, term=term,
                       routine=routine, previous=previous, current=current, county_round=county_round)
    east_team = Team.objects.get(round=current, number=1)
    inspector = Person.objects.create(name="东城组长", gender="M", birth_year=1972, organization=county_org,
                                      post="副局长")
    TeamMembership.objects.create(team=east_team, person=inspector, role="leader")
    personas: dict[str, tuple[str, dict[str, Any]]] = {
        "office_staff": (Role.OFFICE_STAFF, {"jurisdiction": city}),
        "office_director": (Role.OFFICE_DIRECTOR, {"jurisdiction": city}),
        "leading_group": (Role.LEADING_GROUP, {"jurisdiction": city}),
        "discipline_commission": (Role.DISCIPLINE_COMMISSION, {"jurisdiction": city}),
        "org_department": (Role.ORG_DEPARTMENT, {"jurisdiction": city}),
        "team_leader": (Role.TEAM_LEADER, {"team": east_team}),
        "team_deputy": (Role.TEAM_DEPUTY, {"team": east_team}),
        "team_member": (Role.TEAM_MEMBER, {"team": east_team}),
        "liaison": (Role.LIAISON, {"organization": housing[counties[2].pk]}),
        "system_admin": (Role.SYSTEM_ADMIN, {"jurisdiction": city}),
        "security_admin": (Role.SECURITY_ADMIN, {"jurisdiction": city}),
        "security_auditor": (Role.SECURITY_AUDITOR, {"jurisdiction": city}),
        "county_staff": (Role.OFFICE_STAFF, {"jurisdiction": counties[0]}),
    }
    for username, (role, scope) in personas.items():
        user = User.objects.create_user(username=username, password="x-test-password-1", display_name=username)
        role_grant(actor=None, user=user, role=role, **scope)
        world.users[username] = user
    world.users["outsider"] = User.objects.create_user(username="outsider", password="x-test-password-1")
    return world


@pytest.fixture
def cw() -> CrossWorld:
    return build_cross_world()


@pytest.fixture
def as_user(client: Client, cw: CrossWorld) -> Any:
    def sign_in(username: str) -> Client:
        client.force_login(cw.users[username])
        return client

    return sign_in


def _html(response: Any) -> str:
    return response.content.decode()


def _run(cw: CrossWorld, **kwargs: Any) -> CrossAssignmentRun:
    from xuncha.planning.crossing import cross_assignment_run

    return cross_assignment_run(actor=cw.users["office_staff"], round_id=cw.current.pk, **kwargs)


# ---- Who may open which page (the permission matrix rows of these pages) --------------------------------------

BUSINESS = ["office_staff", "office_director", "leading_group", "discipline_commission", "org_department"]
TEAM = ["team_leader", "team_deputy", "team_member"]
NOWHERE = ["liaison", "system_admin", "security_admin", "security_auditor", "outsider", "county_staff"]

READ_MATRIX = (
    [(p, "coverage", 200) for p in BUSINESS] + [(p, "coverage", 403) for p in TEAM]
    + [(p, "coverage", 404) for p in NOWHERE]
    + [(p, "calendar", 200) for p in BUSINESS + TEAM] + [(p, "calendar", 404) for p in NOWHERE]
    + [(p, "crossing", 200) for p in BUSINESS] + [(p, "crossing", 403) for p in TEAM]
    + [(p, "crossing", 404) for p in NOWHERE]
    + [(p, "crossing-run", 200) for p in BUSINESS] + [(p, "crossing-run", 403) for p in TEAM]
    + [(p, "crossing-run", 404) for p in NOWHERE]
)


def _url(cw: CrossWorld, name: str, run: CrossAssignmentRun | None = None) -> str:
    obj = {"coverage": cw.term, "calendar": cw.term, "crossing": cw.current}.get(name) or run
    assert obj is not None
    return reverse(f"planning:{name}", args=[obj.pk])


@pytest.mark.parametrize(("persona", "name", "expected"), READ_MATRIX)
def test_who_may_open_the_analysis_pages(cw: CrossWorld, as_user: Any, persona: str, name: str,
                                         expected: int) -> None:
    run = _run(cw, seed=1)
    assert as_user(persona).get(_url(cw, name, run)).status_code == expected


WRITE_MATRIX = (
    [(p, 302) for p in ("office_staff", "office_director")]
    + [(p, 403) for p in ("leading_group", "discipline_commission", "org_department", *TEAM)]
    + [(p, 404) for p in NOWHERE]
)


@pytest.mark.parametrize(("persona", "expected"), WRITE_MATRIX)
def test_who_may_generate_a_run(cw: CrossWorld, as_user: Any, persona: str, expected: int) -> None:
    response = as_user(persona).post(reverse("planning:crossing", args=[cw.current.pk]),
                                     {"seed": "3", "lookback": "1"})
    assert response.status_code == expected
    assert CrossAssignmentRun.objects.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize(("persona", "expected"), WRITE_MATRIX)
def test_who_may_apply_a_run(cw: CrossWorld, as_user: Any, persona: str, expected: int) -> None:
    run = _run(cw, seed=2)
    response = as_user(persona).post(reverse("planning:crossing-run-apply", args=[run.pk]))
    assert response.status_code == expected
    run.refresh_from_db()
    assert run.applied == (expected == 302)


def test_unknown_objects_are_404(cw: CrossWorld, as_user: Any) -> None:
    client = as_user("office_staff")
    for name in ("coverage", "calendar", "crossing", "crossing-run"):
        assert client.get(reverse(f"planning:{name}", args=[999999])).status_code == 404
    assert client.post(reverse("planning:crossing-run-apply", args=[999999])).status_code == 404


def test_pages_need_a_sign_in(cw: CrossWorld, client: Client) -> None:
    response = client.get(reverse("planning:coverage", args=[cw.term.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- Coverage ----------------------------------------------------------------------------------------------------


def test_coverage_page_states_the_figures_and_the_projection(cw: CrossWorld, as_user: Any) -> None:
    response = as_user("office_staff").get(reverse("planning:coverage", args=[cw.term.pk]))
    html = _html(response)
    counts = response.context["counts"]
    assert counts == {"population": 8, "inspected": 2, "scheduled": 0, "not_planned": 6}
    assert response.context["report"].rate_percent == 25.0
    assert "能否如期实现全覆盖" in html and "尚未安排党组织的建议轮次" in html
    # The term is over (2021): measured on the end of its last recorded round, and said so.
    assert response.context["report"].coverage.as_of == cw.current.planned_end
    assert "按最后一轮的计划撤驻日统计" in html
    # The pictures get their data from json_script, and the page loads ECharts and its own script.
    assert 'id="coverage-data"' in html and "echarts.min.js" in html and "coverage.js" in html
    assert "<script>" not in html.replace('<script id="coverage-data" type="application/json">', "")
    # Every suggested round lists its organisations with a link to each.
    first = response.context["report"].rounds[0]
    assert reverse("orgs:organization-detail", args=[first.organizations[0].pk]) in html


def test_a_past_term_has_no_rounds_left_and_the_business_date_reads_it_as_then(
        cw: CrossWorld, as_user: Any, business_date: Any) -> None:
    url = reverse("planning:coverage", args=[cw.term.pk])
    report = as_user("office_staff").get(url).context["report"]
    # Over on the (real) business date: "本届任期已过" and no "剩余 N 轮" beside it.
    assert report.term_over and report.capacity.rounds_remaining == 0
    assert report.verdict.startswith("本届已届满")
    business_date(D(2019, 4, 15), "演示")
    response = as_user("office_staff").get(url)
    report = response.context["report"]
    assert report.coverage.as_of == D(2019, 4, 15) and not report.term_over
    assert report.capacity.rounds_remaining > 0 and "本届任期已过" not in _html(response)


def test_capacity_override_recomputes_and_states_the_shortfall(cw: CrossWorld, as_user: Any) -> None:
    url = reverse("planning:coverage", args=[cw.term.pk])
    response = as_user("office_staff").get(url, {"as_of": "2018-12-31", "rounds_remaining": "1",
                                                 "teams_per_round": "2", "organizations_per_team": "1"})
    report = response.context["report"]
    assert report.overridden and not report.verdict_ok
    assert report.capacity.organizations == 2 and report.coverage.shortfall == 4
    html = _html(response)
    assert "不能实现全覆盖" in html and "有 4 个到届满" in html
    assert "超出剩余能力" in html  # the rounds beyond capacity are marked
    assert "把剩余轮次增加到 3 轮" in html

    generous = as_user("office_staff").get(url, {"as_of": "2018-12-31", "rounds_remaining": "3"})
    assert generous.context["report"].verdict_ok
    assert "可以实现全覆盖" in _html(generous)


def test_bad_projection_input_shows_the_form_again(cw: CrossWorld, as_user: Any) -> None:
    url = reverse("planning:coverage", args=[cw.term.pk])
    response = as_user("office_staff").get(url, {"as_of": "2030-01-01", "rounds_remaining": "-3",
                                                 "teams_per_round": "abc"})
    assert response.status_code == 200
    html = _html(response)
    assert "统计日期应在本届任期内" in html and "不能小于 0" in html and "请输入整数" in html
    assert 'aria-invalid="true"' in html
    assert not response.context["report"].overridden  # nothing taken from the bad input


def test_organisation_table_filters_and_pages(cw: CrossWorld, as_user: Any) -> None:
    url = reverse("planning:coverage", args=[cw.term.pk])
    client = as_user("office_staff")
    inspected = client.get(url, {"status": "inspected"})
    assert [r.organization.short_name for r in inspected.context["rows"]] == ["甲市第0局", "甲市第1局"]
    assert all(r.inspection and r.inspection.code == "11-1-01" for r in inspected.context["rows"])
    named = client.get(url, {"q": "第5局"})
    assert [r.organization.short_name for r in named.context["rows"]] == ["甲市第5局"]
    assert named.context["rows"][0].suggested_round in {r.number for r in named.context["report"].rounds}
    bad = client.get(url, {"status": "nonsense", "sector": "education"})
    assert bad.status_code == 200 and "部分筛选条件无效" in _html(bad)
    assert [r.organization.sector for r in bad.context["rows"]] == ["education"]
    partial = client.get(url, {"status": "not_planned"}, headers={"HX-Request": "true"})
    assert "<html" not in _html(partial) and "甲市第2局" in _html(partial)
    paged = client.get(url, {"page_size": "3", "page": "2"})
    assert len(paged.context["rows"]) == 3


def test_coverage_query_count_does_not_grow_with_the_population(cw: CrossWorld, as_user: Any) -> None:
    client = as_user("office_staff")
    url = reverse("planning:coverage", args=[cw.term.pk])
    client.get(url)  # warm the session and the scope
    with CaptureQueriesContext(connection) as few:
        small = client.get(url)
    more_round = Round.objects.create(term=cw.term, number=2, name="十一届第二轮", year=2017,
                                      planned_start=D(2017, 9, 1), planned_end=D(2017, 10, 10))
    team = Team.objects.create(round=more_round, number=1, name="市委第二巡察组", home_jurisdiction=cw.city)
    extra = [Organization.objects.create(name=f"中共甲市新设{i}局党组", short_name=f"新设{i}局",
                                         org_type="party_group", sector="party_government", jurisdiction=cw.city)
             for i in range(40)]
    _inspection(more_round, team, "11-2-01", extra[:20], status="archived")
    with CaptureQueriesContext(connection) as many:
        big = client.get(url)
    # The same statements, and a page of the same size: the table pages, the suggested rounds show a sample.
    assert len(many) == len(few) <= 28, [q["sql"][:120] for q in many.captured_queries]
    assert small.status_code == big.status_code == 200
    # Past a page of the table and a sample per suggested round, more organisations add nothing to the page.
    for i in range(40, 120):
        Organization.objects.create(name=f"中共甲市新设{i}局党组", short_name=f"新设{i}局", org_type="party_group",
                                    sector="party_government", jurisdiction=cw.city)
    bigger = client.get(url)
    assert abs(len(bigger.content) - len(big.content)) < len(big.content) * 0.05


# ---- Calendar ----------------------------------------------------------------------------------------------------


def test_calendar_shows_rounds_inspections_and_linked_rounds(cw: CrossWorld, as_user: Any) -> None:
    response = as_user("office_staff").get(reverse("planning:calendar", args=[cw.term.pk]))
    html = _html(response)
    rows = response.context["timeline"].rows
    assert [r.bar.label for r in rows] == ["十一届第1轮", "十一届第6轮", "十一届第7轮"]
    current = rows[-1]
    assert any(c.bar.kind == "linked_round" and "东城县" in c.bar.label for c in current.children)
    # The timeline is drawn with SVG attributes (no style attributes) and has an accessible table.
    assert 'class="tl-planned"' in html and "style=" not in html
    assert "日期表" in html and "2017-05-20" in html  # the feedback date of round 1
    assert reverse("planning:inspection-detail", args=[Inspection.objects.get(code="11-1-01").pk]) in html
    assert reverse("planning:round-detail", args=[cw.county_round.pk]) in html


def test_calendar_filters_by_jurisdiction_and_year(cw: CrossWorld, as_user: Any) -> None:
    url = reverse("planning:calendar", args=[cw.term.pk])
    client = as_user("office_staff")
    south = cw.counties[2]
    response = client.get(url, {"jurisdiction": south.pk})
    assert [r.bar.label for r in response.context["timeline"].rows] == ["十一届第6轮", "十一届第7轮"]
    current = response.context["timeline"].rows[-1]
    labels = [c.bar.label for c in current.children]
    # Only what concerns 南城县: the team it sends and the team inspecting it; no linked round of 东城县.
    assert len(labels) == 2 and all("南城县" in label for label in labels)
    year = client.get(url, {"year": "2017"})
    assert [r.bar.label for r in year.context["timeline"].rows] == ["十一届第1轮"]
    bad = client.get(url, {"year": "1999", "jurisdiction": "abc"})
    assert bad.status_code == 200 and len(bad.context["timeline"].rows) == 3
    assert "请选择" in _html(bad)


def test_calendar_of_a_team_member_shows_only_their_round(cw: CrossWorld, as_user: Any) -> None:
    response = as_user("team_member").get(reverse("planning:calendar", args=[cw.term.pk]))
    rows = response.context["timeline"].rows
    assert [r.bar.label for r in rows] == ["十一届第7轮"]
    assert [c.bar.label for c in rows[0].children] == ["东城县巡察组·南城县住建局"]
    assert "全覆盖进度" not in _html(response)  # the link would be refused


# ---- Cross assignment ---------------------------------------------------------------------------------------------


def test_crossing_page_lists_the_current_pairs_and_the_form(cw: CrossWorld, as_user: Any) -> None:
    response = as_user("office_staff").get(reverse("planning:crossing", args=[cw.current.pk]))
    html = _html(response)
    pairs = {(p.team.name, p.jurisdiction.name) for p in response.context["overview"].pairs}
    assert ("东城县巡察组", "南城县") in pairs and len(pairs) == 5
    assert "生成配对方案" in html and f'name="lock_{cw.current.teams.get(number=1).pk}"' in html
    assert 'name="lookback" value="1"' in html  # the policy's default look-back
    assert "模拟推演" not in html


def test_reading_roles_see_the_pairs_but_no_form(cw: CrossWorld, as_user: Any) -> None:
    html = _html(as_user("leading_group").get(reverse("planning:crossing", args=[cw.current.pk])))
    assert "现行配对" in html and "生成配对方案" not in html


def test_a_run_from_the_page_is_stored_and_shown(cw: CrossWorld, as_user: Any) -> None:
    client = as_user("office_staff")
    east = cw.current.teams.get(number=1)
    west_county = cw.counties[3]
    response = client.post(reverse("planning:crossing", args=[cw.current.pk]),
                           {"seed": "7", "lookback": "1", f"lock_{east.pk}": str(west_county.pk)})
    run = CrossAssignmentRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("planning:crossing-run", args=[run.pk])
    assert run.seed == 7 and run.lookback_rounds == 1 and run.locked_pairs == [[east.pk, west_county.pk]]
    assert run.feasible and run.created_by == cw.users["office_staff"]
    assert AuditEvent.objects.filter(action="cross_assignment.run").exists()

    page = client.get(response["Location"])
    html = _html(page)
    assert "已找到符合全部规则的方案" in html and "配对结果与理由" in html and "各项规则的作用" in html
    assert "人工锁定" in html and "不得巡察本地" in html and "近期已配对的不再重复" in html
    pair = next(p for p in page.context["view"].pairs if p["team_id"] == east.pk)
    assert pair["jurisdiction_id"] == west_county.pk and pair["locked"]
    assert "采用此方案" in html and "disabled" not in html.split("采用此方案")[0].rsplit("<button", 1)[1]
    assert "{" not in page.context["view"].summary  # a plain text, not a JSON dump
    listing = _html(client.get(reverse("planning:crossing", args=[cw.current.pk])))
    assert f"方案 #{run.pk}" in listing and "有解" in listing


def test_an_impossible_request_is_explained(cw: CrossWorld, as_user: Any) -> None:
    client = as_user("office_staff")
    east, west = cw.current.teams.get(number=1), cw.current.teams.get(number=2)
    # Each locked to the other's county: they would inspect each other.
    response = client.post(reverse("planning:crossing", args=[cw.current.pk]), {
        "seed": "0", "lookback": "1", f"lock_{east.pk}": str(cw.counties[1].pk),
        f"lock_{west.pk}": str(cw.counties[0].pk)}, follow=True)
    run = CrossAssignmentRun.objects.get()
    assert not run.feasible
    html = _html(response)
    assert "没有能同时满足全部规则的配对方案" in html and "为什么无解" in html
    assert "互相交叉" in html and "若放宽〈人工锁定〉则可行" in html
    assert "采用此方案" not in html


def test_history_forbids_last_rounds_pairs(cw: CrossWorld, as_user: Any) -> None:
    client = as_user("office_staff")
    client.post(reverse("planning:crossing", args=[cw.current.pk]), {"seed": "11", "lookback": "1"})
    run = CrossAssignmentRun.objects.get()
    homes = {t.pk: t.home_jurisdiction_id for t in cw.current.teams.all()}
    previous = {(i.team.home_jurisdiction_id if i.team else None, i.targets.get().organization.jurisdiction_id)
                for i in Inspection.objects.filter(round=cw.previous).select_related("team")}
    pairs = {(homes[p["team_id"]], p["jurisdiction_id"]) for p in run.result["pairs"]}
    assert pairs and not pairs & previous


def test_bad_run_input_shows_the_form_again(cw: CrossWorld, as_user: Any) -> None:
    east = cw.current.teams.get(number=1)
    response = as_user("office_staff").post(reverse("planning:crossing", args=[cw.current.pk]), {
        "seed": "-1", "lookback": "99", f"lock_{east.pk}": "123456"})
    assert response.status_code == 400
    html = _html(response)
    assert "不能小于 0" in html and "不能大于 20" in html and "请选择本轮被巡察的地区" in html
    assert CrossAssignmentRun.objects.count() == 0


def test_applying_a_run_sets_the_teams(cw: CrossWorld, as_user: Any) -> None:
    run = _run(cw, seed=4)
    response = as_user("office_director").post(reverse("planning:crossing-run-apply", args=[run.pk]), follow=True)
    assert "已采用方案" in _html(response)
    wanted = {p["jurisdiction_id"]: p["team_id"] for p in run.result["pairs"]}
    for insp in cw.cross_inspections():
        assert insp.team_id == wanted[insp.targets.get().organization.jurisdiction_id]
    run.refresh_from_db()
    assert run.applied


def test_apply_is_refused_once_stationed_and_the_run_is_a_simulation(cw: CrossWorld, as_user: Any) -> None:
    run = _run(cw, seed=4)
    cw.station()
    before = {i.pk: i.team_id for i in cw.cross_inspections()}
    client = as_user("office_staff")
    page = _html(client.get(reverse("planning:crossing-run", args=[run.pk])))
    assert "模拟推演" in page and "不能采用" in page
    assert "disabled" in page.split("采用此方案")[0].rsplit("<button", 1)[1]
    response = client.post(reverse("planning:crossing-run-apply", args=[run.pk]), follow=True)
    html = _html(response)
    assert "未采用" in html and "已进驻，不能再调整交叉配对" in html
    assert {i.pk: i.team_id for i in cw.cross_inspections()} == before
    run.refresh_from_db()
    assert not run.applied
    # Runs can still be generated for a stationed round, as a simulation.
    crossing = client.get(reverse("planning:crossing", args=[cw.current.pk]))
    assert "模拟推演" in _html(crossing) and "生成配对方案" in _html(crossing)


def test_a_round_without_cross_inspections_says_so(cw: CrossWorld, as_user: Any) -> None:
    response = as_user("office_staff").get(reverse("planning:crossing", args=[cw.routine.pk]))
    assert response.status_code == 200 and "本轮没有异地交叉巡察" in _html(response)
    assert response.context["form"] is None


def test_run_page_query_count_is_bounded(cw: CrossWorld, as_user: Any, django_assert_max_num_queries: Any) -> None:
    run = _run(cw, seed=1)
    client = as_user("office_staff")
    client.get(reverse("planning:crossing-run", args=[run.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("planning:crossing-run", args=[run.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("planning:crossing", args=[cw.current.pk]))


# ---- Links from the term and round pages --------------------------------------------------------------------------


def test_term_and_round_pages_link_to_the_analysis_pages_they_may_open(cw: CrossWorld, as_user: Any) -> None:
    office = as_user("office_staff")
    term_html = _html(office.get(reverse("planning:term-detail", args=[cw.term.pk])))
    assert reverse("planning:coverage", args=[cw.term.pk]) in term_html
    assert reverse("planning:calendar", args=[cw.term.pk]) in term_html
    round_html = _html(office.get(reverse("planning:round-detail", args=[cw.current.pk])))
    assert reverse("planning:crossing", args=[cw.current.pk]) in round_html
    routine_html = _html(office.get(reverse("planning:round-detail", args=[cw.routine.pk])))
    assert reverse("planning:crossing", args=[cw.routine.pk]) not in routine_html

    member = as_user("team_member")
    member_html = _html(member.get(reverse("planning:round-detail", args=[cw.current.pk])))
    assert reverse("planning:crossing", args=[cw.current.pk]) not in member_html
    assert reverse("planning:calendar", args=[cw.term.pk]) in member_html


def test_the_form_can_start_from_an_earlier_run(cw: CrossWorld, as_user: Any) -> None:
    east = cw.current.teams.get(number=1)
    run = _run(cw, seed=42, lookback=0, locks=[(east.pk, cw.counties[3].pk)])
    client = as_user("office_staff")
    html = _html(client.get(reverse("planning:crossing", args=[cw.current.pk]), {"from_run": run.pk}))
    assert 'name="seed" value="42"' in html and 'name="lookback" value="0"' in html
    assert f'<option value="{cw.counties[3].pk}" selected>' in html
    assert "调整条件重新生成" in _html(client.get(reverse("planning:crossing-run", args=[run.pk])))
    # Another round's run, or nonsense, starts from the defaults.
    for value in ("999999", "abc"):
        html = _html(client.get(reverse("planning:crossing", args=[cw.current.pk]), {"from_run": value}))
        assert 'name="seed" value="0"' in html and not re.search(r'value="\d+" selected', html)


def test_capacity_counts_the_offices_own_teams_not_county_teams_lent_to_cross_inspections(cw: CrossWorld) -> None:
    from xuncha.planning.coverage import estimate_capacity

    # Round 1 had one city team; rounds 6 and 7 only county teams (five each) in cross inspections.
    assert estimate_capacity(cw.term, D(2018, 12, 31)).teams_per_round == 1


def test_the_run_page_names_each_number_once_and_explains_the_workload(cw: CrossWorld, as_user: Any) -> None:
    run = _run(cw, seed=4)
    html = _html(as_user("office_staff").get(reverse("planning:crossing-run", args=[run.pk])))
    assert "工作量＝该地区被巡察单位数×1＋这些单位的人数×0.01（100 人折合 1 个单位）" in html
    for pair in run.result["pairs"]:
        if not pair["locked"] and not pair["forced"]:
            end = pair["funnel"][-1]["remaining"]
            assert f"本组可巡察 {end} 个地区" in html
            assert f"本组可巡察的地区有 {end} 个" in pair["reason"]
    assert "可选 " not in html
