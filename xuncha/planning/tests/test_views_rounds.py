"""Round-planning pages: new round, copy as the next, targets into inspections, work plan, annual plans.

Who may open them (404 out of scope or for a page kind the role never uses, 403 for a visible round whose
planning the role may not do), what the forms say in Chinese, and that a refused request changes nothing."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team
from xuncha.orgs.models import Jurisdiction, Organization
from xuncha.planning.annual import annual_plan_save, annual_plan_submit
from xuncha.planning.models import AnnualPlan, WorkPlan
from xuncha.planning.views_rounds import chinese_number, default_round_name
from xuncha.planning.work_plans import work_plan_save, work_plan_submit

pytestmark = pytest.mark.django_db
D = datetime.date


def _html(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def extra(world: Any) -> Any:
    """The roles the shared world lacks: a deputy leader of team A and the organisation department."""
    for username, role, scope in (("deputy_a", Role.TEAM_DEPUTY, {"team": world.team_a}),
                                  ("org_dept", Role.ORG_DEPARTMENT, {"jurisdiction": world.city})):
        user = User.objects.create_user(username=username, password="x-test-password-1", display_name=username)
        role_grant(actor=None, user=user, role=role, **scope)
        world.users[username] = user
    return world


@pytest.fixture
def as_user(client: Client, extra: Any) -> Any:
    def sign_in(username: str) -> Client:
        client.force_login(extra.users[username])
        return client

    return sign_in


@pytest.fixture
def plan(world: Any) -> WorkPlan:
    return work_plan_save(actor=world.users["office_staff"], round_id=world.round.pk, focus="聚焦“六个围绕”。",
                          schedule="3月进驻，4月撤驻。", key_matters="一次一授权。")


@pytest.fixture
def annual(world: Any) -> AnnualPlan:
    return annual_plan_save(actor=world.users["office_staff"], term_id=world.term.pk, year=2024,
                            title="中共江城市委2024年度巡察工作计划", rounds_planned=2)


# ---- Who may open which page -------------------------------------------------------------------------------------

MANAGER = ("office_staff", "office_director")
READER = ("leading_group", "cdi", "org_dept", "leader_a", "deputy_a", "member_a", "member_b")
NOBODY = ("county_staff", "liaison_a", "system_admin", "security_admin", "security_auditor", "outsider")

# url name → (the world object whose pk it takes, allowed to readers?)
GET_PAGES = {
    "planning:round-create": ("term", False),
    "planning:round-copy": ("round", False),
    "planning:round-plan-panel": ("round", True),
    "planning:plan-targets": ("round", False),
    "planning:workplan-list": ("round", True),
    "planning:workplan-create": ("round", False),
    "planning:workplan-detail": ("plan", True),
    "planning:annualplan-list": ("term", True),
    "planning:annualplan-create": ("term", False),
    "planning:annualplan-edit": ("annual", False),
}
GET_MATRIX = [
    (persona, name, 200 if persona in MANAGER or (persona in READER and readable) else
     403 if persona in READER else 404)
    for name, (_, readable) in GET_PAGES.items()
    for persona in (*MANAGER, *READER, *NOBODY)
]


@pytest.mark.parametrize(("persona", "url_name", "expected"), GET_MATRIX)
def test_get_pages_by_role(as_user: Any, world: Any, plan: WorkPlan, annual: AnnualPlan, persona: str,
                           url_name: str, expected: int) -> None:
    target = {"term": world.term, "round": world.round, "plan": plan, "annual": annual}[GET_PAGES[url_name][0]]
    assert as_user(persona).get(reverse(url_name, args=[target.pk])).status_code == expected


@pytest.mark.parametrize("url_name", ["planning:round-copy", "planning:plan-targets", "planning:workplan-list"])
def test_a_round_that_does_not_exist_is_404(as_user: Any, url_name: str) -> None:
    assert as_user("office_staff").get(reverse(url_name, args=[999999])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client: Client, world: Any) -> None:
    response = client.get(reverse("planning:plan-targets", args=[world.round.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_round_page_loads_the_planning_panel(as_user: Any, world: Any) -> None:
    html = _html(as_user("member_a").get(reverse("planning:round-detail", args=[world.round.pk])))
    assert reverse("planning:round-plan-panel", args=[world.round.pk]) in html


def test_panel_offers_planning_to_the_office_only(as_user: Any, world: Any) -> None:
    url = reverse("planning:round-plan-panel", args=[world.round.pk])
    office = _html(as_user("office_staff").get(url, headers={"HX-Request": "true"}))
    assert "<html" not in office and 'class="card mb-3 plan-panel" id="round-plan-panel"' in office
    assert reverse("planning:plan-targets", args=[world.round.pk]) in office
    assert reverse("planning:round-copy", args=[world.round.pk]) in office
    reader = _html(as_user("leader_a").get(url, headers={"HX-Request": "true"}))
    assert reverse("planning:plan-targets", args=[world.round.pk]) not in reader
    assert reverse("planning:workplan-list", args=[world.round.pk]) in reader


# ---- New round ---------------------------------------------------------------------------------------------------


def _round_data(**overrides: Any) -> dict[str, Any]:
    data = {"number": "4", "name": "", "planned_start": "2024-09-02", "planned_end": "2024-10-25",
            "focus_notes": "聚焦“四个聚焦”。"}
    data.update(overrides)
    return data


def test_new_round_suggests_the_next_number_and_a_name(as_user: Any, world: Any) -> None:
    html = _html(as_user("office_staff").get(reverse("planning:round-create", args=[world.term.pk])))
    assert 'value="4"' in html
    assert "第十二届市委第四轮巡察" in html


def test_default_round_names_read_as_the_office_writes_them() -> None:
    assert [chinese_number(n) for n in (1, 8, 10, 12, 20, 21)] == ["一", "八", "十", "十二", "二十", "二十一"]


def test_default_round_name_uses_the_committee(world: Any) -> None:
    world.city.committee_name = "中共江城市委"
    assert default_round_name(world.term, 8) == "第十二届市委第八轮巡察"


def test_office_creates_a_round(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(reverse("planning:round-create", args=[world.term.pk]), _round_data())
    new = Round.objects.get(term=world.term, number=4)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:round-detail", args=[new.pk])
    assert (new.planned_start, new.planned_end, new.focus_notes) == (D(2024, 9, 2), D(2024, 10, 25), "聚焦“四个聚焦”。")
    assert AuditEvent.objects.filter(action="round.create", object_id=str(new.pk)).exists()


@pytest.mark.parametrize(("data", "message"), [
    (_round_data(planned_end="2024-08-01"), "计划撤驻时间不能早于计划进驻时间。"),
    (_round_data(number="3"), "第十二届已有第3轮。"),
    (_round_data(planned_start="2027-01-04", planned_end="2027-02-01"), "计划进驻时间应在本届任期内"),
    (_round_data(planned_start="2024-13-45"), "请输入有效的日期"),
    (_round_data(number=""), "请填写轮次。"),
    (_round_data(number="abc"), "轮次应为整数。"),
])
def test_bad_round_is_shown_again_with_the_reason(as_user: Any, world: Any, data: dict[str, Any],
                                                  message: str) -> None:
    before = Round.objects.count()
    response = as_user("office_staff").post(reverse("planning:round-create", args=[world.term.pk]), data)
    assert response.status_code == 400
    assert message in _html(response)
    assert "提交的内容有误，未保存。" in _html(response)
    assert Round.objects.count() == before


def test_round_out_of_date_order_is_refused_and_an_overlap_warned(as_user: Any, world: Any) -> None:
    url = reverse("planning:round-create", args=[world.term.pk])
    refused = as_user("office_staff").post(url, _round_data(planned_start="2023-09-04", planned_end="2023-09-08"))
    assert refused.status_code == 400
    assert "轮次应按时间先后编号" in _html(refused)
    assert not Round.objects.filter(term=world.term, number=4).exists()
    created = as_user("office_staff").post(url, _round_data(planned_start="2024-04-15", planned_end="2024-05-31"),
                                           follow=True)
    assert Round.objects.filter(term=world.term, number=4).exists()
    assert "与第3轮（2024-03-01—2024-04-30）时间重叠" in _html(created)


def test_readers_cannot_post_a_round(as_user: Any, world: Any) -> None:
    response = as_user("leading_group").post(reverse("planning:round-create", args=[world.term.pk]), _round_data())
    assert response.status_code == 403
    assert not Round.objects.filter(number=4).exists()


# ---- Copy as the next round --------------------------------------------------------------------------------------


def test_copy_makes_the_next_round_with_teams_and_work_plan(as_user: Any, world: Any, plan: WorkPlan) -> None:
    response = as_user("office_director").post(reverse("planning:round-copy", args=[world.round.pk]),
                                               {"planned_start": "2024-09-02", "planned_end": "2024-10-25"})
    new = Round.objects.get(term=world.term, number=4)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:round-detail", args=[new.pk])
    assert list(new.teams.values_list("name", flat=True)) == ["市委第一巡察组", "市委第二巡察组"]
    assert not new.teams.filter(memberships__isnull=False).exists()
    assert new.work_plans.get().focus == plan.focus


def test_copy_page_says_what_is_kept(as_user: Any, world: Any, plan: WorkPlan) -> None:
    html = _html(as_user("office_staff").get(reverse("planning:round-copy", args=[world.round.pk])))
    assert "将新建第 4 轮" in html
    assert "工作方案第 1 版" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"planned_start": "2024-09-02", "planned_end": "2024-08-01"}, "计划撤驻时间不能早于计划进驻时间。"),
    ({"planned_start": "", "planned_end": "2024-08-01"}, "请填写新一轮计划进驻时间。"),
    ({"planned_start": "2030-01-01", "planned_end": "2030-02-01"}, "计划进驻时间应在本届任期内"),
])
def test_bad_copy_changes_nothing(as_user: Any, world: Any, data: dict[str, str], message: str) -> None:
    response = as_user("office_staff").post(reverse("planning:round-copy", args=[world.round.pk]), data)
    assert response.status_code == 400
    assert message in _html(response)
    assert Round.objects.count() == 1
    assert Team.objects.count() == 2


def test_team_roles_cannot_copy(as_user: Any, world: Any) -> None:
    response = as_user("leader_a").post(reverse("planning:round-copy", args=[world.round.pk]),
                                        {"planned_start": "2024-09-02", "planned_end": "2024-10-25"})
    assert response.status_code == 403
    assert Round.objects.count() == 1


# ---- Targets into inspections ------------------------------------------------------------------------------------


def _targets_url(world: Any, query: str = "") -> str:
    url = reverse("planning:plan-targets", args=[world.round.pk])
    return f"{url}?{query}" if query else url


def _rows(response: Any) -> set[int]:
    return {o.pk for o in response.context["page_obj"]}


def test_candidates_are_the_organisations_not_yet_covered(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").get(_targets_url(world))
    assert response.status_code == 200
    # org_a and org_b are covered by routine inspections of this term; the special one does not count.
    assert _rows(response) == {world.org_a_branch.pk, world.org_county.pk}
    html = _html(response)
    assert "本届尚未巡察的党组织" in html
    assert "从未巡察" in html


def test_include_covered_shows_them_with_their_flag(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").get(_targets_url(world, "include_covered=on"))
    assert _rows(response) == {world.org_a.pk, world.org_a_branch.pk, world.org_b.pk, world.org_county.pk}
    assert "已覆盖" in _html(response)


@pytest.mark.parametrize(("query", "expected"), [
    ("sector=education", {"org_county"}),
    ("org_type=branch", {"org_a_branch"}),
    ("q=教育", {"org_county"}),
    ("min_staff=41", set()),
    ("max_staff=40", {"org_a_branch", "org_county"}),
    ("last=never", {"org_a_branch", "org_county"}),
    ("last=3", {"org_a_branch", "org_county"}),
])
def test_candidate_filters(as_user: Any, world: Any, query: str, expected: set[str]) -> None:
    response = as_user("office_staff").get(_targets_url(world, query))
    assert _rows(response) == {getattr(world, name).pk for name in expected}


def test_region_filter(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").get(_targets_url(world, f"region={world.county.pk}"))
    assert _rows(response) == {world.org_county.pk}


def test_last_inspected_filter_uses_the_date_of_stationing(as_user: Any, world: Any) -> None:
    Inspection.objects.filter(pk=world.inspection_a.pk).update(stationed_on=D(2019, 3, 1))
    Inspection.objects.filter(pk=world.inspection_b.pk).update(stationed_on=D(2023, 3, 1))
    response = as_user("office_staff").get(_targets_url(world, "include_covered=on&last=3"))
    assert world.org_a.pk in _rows(response)
    assert world.org_b.pk not in _rows(response)
    assert "2019-03-01" in _html(response)


def test_bad_filters_are_reported_and_ignored(as_user: Any, world: Any) -> None:
    other = Jurisdiction.objects.create(name="别市", committee_name="中共别市委", level="city", division_code="430100")
    response = as_user("office_staff").get(_targets_url(world, f"region={other.pk}&min_staff=abc&sector=nope"))
    assert response.status_code == 200
    assert "部分筛选条件无效，已忽略" in _html(response)
    assert _rows(response) == {world.org_a_branch.pk, world.org_county.pk}


def test_candidate_page_costs_a_fixed_number_of_queries(as_user: Any, world: Any,
                                                         django_assert_max_num_queries: Any) -> None:
    client = as_user("office_staff")
    for n in range(30):
        Organization.objects.create(name=f"中共江城市测试{n}局党组", short_name=f"测试{n}局", org_type="party_group",
                                    sector="party_government", jurisdiction=world.city, staff_size=n)
    with django_assert_max_num_queries(30):
        response = client.get(_targets_url(world))
    assert response.context["page_obj"].paginator.count == 32


def _plan_data(*orgs: Organization, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"organizations": [o.pk for o in orgs], "team": "", "inspection_type": "routine",
                            "special_topic": "", "planned_entry": "", "planned_withdrawal": ""}
    data.update(overrides)
    return data


def test_office_plans_one_inspection_of_several_organisations(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(
        _targets_url(world, "sector=party_government"),
        _plan_data(world.org_a_branch, world.org_county, team=world.team_b.pk, is_cross="on"))
    assert response.status_code == 302
    assert response["Location"] == _targets_url(world, "sector=party_government")
    inspection = Inspection.objects.exclude(pk__in=[world.inspection_a.pk, world.inspection_b.pk,
                                                    world.inspection_planned.pk]).get()
    assert inspection.team == world.team_b
    assert inspection.is_cross
    assert (inspection.planned_entry, inspection.planned_withdrawal) == (world.round.planned_start,
                                                                         world.round.planned_end)
    assert set(inspection.targets.values_list("organization_id", flat=True)) == {world.org_a_branch.pk,
                                                                                 world.org_county.pk}
    assert AuditEvent.objects.filter(action="inspection.create", object_id=str(inspection.pk)).exists()


def test_fields_of_other_types_are_not_kept(as_user: Any, world: Any) -> None:
    as_user("office_staff").post(_targets_url(world), _plan_data(
        world.org_county, special_topic="公租房", revisit_of=world.inspection_a.pk))
    inspection = Inspection.objects.get(targets__organization=world.org_county)
    assert (inspection.special_topic, inspection.revisit_of_id) == ("", None)


def test_special_inspection_keeps_its_topic_and_may_take_a_covered_organisation(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(_targets_url(world), _plan_data(
        world.org_a, inspection_type="special", special_topic="公租房"))
    assert response.status_code == 302
    assert Inspection.objects.filter(special_topic="公租房", targets__organization=world.org_a).exists()


def _more_candidates(world: Any, n: int = 30) -> list[Organization]:
    return [Organization.objects.create(name=f"中共江城市测试{k}局党组", short_name=f"测试{k:02d}局",
                                        org_type="party_group", sector="party_government", jurisdiction=world.city,
                                        staff_size=k) for k in range(n)]


def test_ticks_of_other_pages_are_kept_and_listed(as_user: Any, world: Any) -> None:
    """Ticks travel in the query string (``sel``): on another page of the list they are listed, ticked, beside
    the form with the count, and the paging links and the filter form carry them on."""
    extra = _more_candidates(world)
    client = as_user("office_staff")
    first = client.get(_targets_url(world))
    on_first = _rows(first)
    elsewhere = next(o for o in extra if o.pk not in on_first)
    response = client.get(_targets_url(world, f"page=1&sel={elsewhere.pk}&sel={world.org_county.pk}"))
    html = _html(response)
    assert response.context["selected"] == {str(elsewhere.pk), str(world.org_county.pk)}
    assert "已选 2 个党组织" in html
    # The one of another page is a ticked box of the form, named.
    assert f'name="organizations" value="{elsewhere.pk}" id="kept-{elsewhere.pk}" checked' in html
    assert elsewhere.short_name in html
    # The filter form and the paging links carry the ticks.
    assert f'<input type="hidden" name="sel" value="{elsewhere.pk}">' in html
    assert f"page=2&amp;sel={elsewhere.pk}&amp;sel={world.org_county.pk}" in html


def test_ticks_of_other_pages_ignore_what_may_not_be_arranged(as_user: Any, world: Any) -> None:
    other_city = Jurisdiction.objects.create(name="别市", committee_name="中共别市委", level="city",
                                             division_code="430100")
    outside = Organization.objects.create(name="中共别市教育局党组", short_name="别市教育局", org_type="party_group",
                                          sector="education", jurisdiction=other_city)
    response = as_user("office_staff").get(_targets_url(world, f"sel={outside.pk}&sel=x&sel=-4&sel=99999999"))
    assert response.status_code == 200
    assert response.context["selected"] == set()
    assert "别市教育局" not in _html(response)


def test_ticks_from_several_pages_become_one_inspection(as_user: Any, world: Any) -> None:
    extra = _more_candidates(world)
    client = as_user("office_staff")
    # Ticked on page 1 and page 2: the form sends both (the kept box and this page's), and the ticks are spent.
    response = client.post(_targets_url(world, f"page=2&sel={extra[0].pk}"),
                           _plan_data(extra[0], extra[29]))
    assert response.status_code == 302
    assert response["Location"] == _targets_url(world, "page=2")
    inspection = Inspection.objects.get(targets__organization=extra[29])
    assert set(inspection.targets.values_list("organization_id", flat=True)) == {extra[0].pk, extra[29].pk}


def _refused(as_user: Any, world: Any, data: dict[str, Any], message: str, user: str = "office_staff") -> Any:
    before = (Inspection.objects.count(), InspectionTarget.objects.count())
    response = as_user(user).post(_targets_url(world), data)
    assert response.status_code == 400
    assert message in _html(response)
    assert (Inspection.objects.count(), InspectionTarget.objects.count()) == before
    return response


def test_special_without_topic_is_refused(as_user: Any, world: Any) -> None:
    response = _refused(as_user, world, _plan_data(world.org_county, inspection_type="special"),
                        "专项巡察必须填写专项主题。")
    # The checked organisation stays checked.
    assert response.context["selected"] == {str(world.org_county.pk)}


def test_revisit_needs_its_inspection_and_an_extension_its_managing_body(as_user: Any, world: Any) -> None:
    _refused(as_user, world, _plan_data(world.org_county, inspection_type="revisit"), "“回头看”必须指明原巡察。")
    _refused(as_user, world, _plan_data(world.org_county, inspection_type="extended",
                                        parent_inspection=world.inspection_a.pk),
             "县教育局不归JC-2024-3-01的被巡察党组织管理，不能从该巡察延伸")


def test_extended_inspection_may_stand_alone(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(_targets_url(world), _plan_data(world.org_county,
                                                                            inspection_type="extended"))
    assert response.status_code == 302
    assert Inspection.objects.get(targets__organization=world.org_county).parent_inspection is None


def test_extended_inspection_names_its_parent(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(_targets_url(world), _plan_data(
        world.org_a_branch, inspection_type="extended", parent_inspection=world.inspection_a.pk))
    assert response.status_code == 302
    assert Inspection.objects.get(targets__organization=world.org_a_branch).parent_inspection == world.inspection_a


def test_linked_inspection_pickers_list_no_inspection(as_user: Any, world: Any) -> None:
    """延伸自 and 回头看对象 are autocompletes over the round's search endpoint: the page lists no inspection (it would
    grow with the data, issue 8); a refused submission shows the picked one by its name."""
    html = _html(as_user("office_staff").get(_targets_url(world)))
    search = reverse("planning:linkable-inspections", args=[world.round.pk])
    for name in ("parent_inspection", "revisit_of"):
        assert f'<select name="{name}"' not in html
        assert f'<input type="hidden" name="{name}" value=""' in html
    assert html.count(f'data-autocomplete-url="{search}"') == 2
    response = _refused(as_user, world, _plan_data(world.org_county, inspection_type="revisit",
                                                   revisit_of=world.inspection_a.pk, planned_entry="x"),
                        "请输入有效的日期")
    assert f'value="{world.inspection_a.code} ' in _html(response)


def _linkable(client: Client, world: Any, q: str = "") -> list[str]:
    response = client.get(reverse("planning:linkable-inspections", args=[world.round.pk]), {"q": q})
    assert response.status_code == 200
    return [label.split(" ")[0] for label in re.findall(r'role="option" aria-selected="false"[^>]*data-label="([^"]*)"',
                                                          _html(response))]


def test_linkable_inspection_search_by_code_or_target(as_user: Any, world: Any) -> None:
    client = as_user("office_staff")
    everything = _linkable(client, world)
    assert set(everything) == {world.inspection_a.code, world.inspection_b.code, world.inspection_planned.code}
    assert _linkable(client, world, "工商联") == [world.inspection_a.code]
    assert _linkable(client, world, world.inspection_b.code) == [world.inspection_b.code]
    assert _linkable(client, world, "没有这个单位") == []


@pytest.mark.parametrize(("persona", "status"), [("leading_group", 403), ("leader_a", 403), ("liaison_a", 404),
                                                 ("system_admin", 404)])
def test_linkable_inspection_search_is_the_planners(as_user: Any, world: Any, persona: str, status: int) -> None:
    url = reverse("planning:linkable-inspections", args=[world.round.pk])
    assert as_user(persona).get(url).status_code == status


def test_an_organisation_already_planned_is_refused(as_user: Any, world: Any) -> None:
    _refused(as_user, world, _plan_data(world.org_a), "市工商联已列入JC-2024-3-01，不能重复安排。")


def test_nothing_checked_is_refused(as_user: Any, world: Any) -> None:
    _refused(as_user, world, _plan_data(), "请至少勾选一个被巡察党组织。")


def test_an_organisation_out_of_scope_is_refused(as_user: Any, world: Any) -> None:
    other_city = Jurisdiction.objects.create(name="别市", committee_name="中共别市委", level="city",
                                             division_code="430100")
    outside = Organization.objects.create(name="中共别市教育局党组", short_name="别市教育局", org_type="party_group",
                                          sector="education", jurisdiction=other_city)
    _refused(as_user, world, _plan_data(outside), "所选单位不在本级党委的巡察范围内。")
    _refused(as_user, world, {**_plan_data(), "organizations": ["x"]}, "所选单位不在本级党委的巡察范围内。")


def test_a_team_of_another_round_is_refused(as_user: Any, world: Any) -> None:
    other_round = Round.objects.create(term=world.term, number=9, name="第九轮", year=2025,
                                       planned_start=D(2025, 3, 1), planned_end=D(2025, 4, 30))
    other_team = Team.objects.create(round=other_round, number=1, name="别轮第一组", home_jurisdiction=world.city)
    _refused(as_user, world, _plan_data(world.org_county, team=other_team.pk), "巡察组不属于本轮。")


def test_withdrawal_before_entry_is_refused(as_user: Any, world: Any) -> None:
    _refused(as_user, world, _plan_data(world.org_county, planned_entry="2024-04-01", planned_withdrawal="2024-03-01"),
             "计划撤驻时间不能早于计划进驻时间。")


def test_readers_cannot_plan(as_user: Any, world: Any) -> None:
    response = as_user("leading_group").post(_targets_url(world), _plan_data(world.org_county))
    assert response.status_code == 403
    assert not Inspection.objects.filter(targets__organization=world.org_county).exists()


# ---- Work plan ---------------------------------------------------------------------------------------------------


def test_new_version_is_prefilled_from_the_latest(as_user: Any, world: Any, plan: WorkPlan) -> None:
    response = as_user("office_staff").get(reverse("planning:workplan-create", args=[world.round.pk]))
    html = _html(response)
    assert "工作方案 · 第 2 版" in html
    assert "3月进驻，4月撤驻。" in html


def test_first_version_starts_from_the_round_focus(as_user: Any, world: Any) -> None:
    html = _html(as_user("office_staff").get(reverse("planning:workplan-create", args=[world.round.pk])))
    assert "聚焦“六个围绕、一个加强”。" in html


def test_office_saves_a_version(as_user: Any, world: Any, plan: WorkPlan) -> None:
    response = as_user("office_staff").post(reverse("planning:workplan-create", args=[world.round.pk]),
                                            {"focus": "新的重点", "schedule": "新的安排", "key_matters": ""})
    new = WorkPlan.objects.get(round=world.round, version=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:workplan-detail", args=[new.pk])
    assert (new.focus, new.status, new.created_by) == ("新的重点", "draft", world.users["office_staff"])


def test_empty_work_plan_is_refused(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(reverse("planning:workplan-create", args=[world.round.pk]),
                                            {"focus": "", "schedule": "  ", "key_matters": ""})
    assert response.status_code == 400
    assert "请填写监督重点。" in _html(response)
    assert "请填写时间安排。" in _html(response)
    assert not WorkPlan.objects.exists()


def test_versions_list_with_author_and_approver(as_user: Any, world: Any, plan: WorkPlan) -> None:
    html = _html(as_user("member_a").get(reverse("planning:workplan-list", args=[world.round.pk])))
    assert "第 1 版" in html
    assert "office_staff" in html
    assert "草稿" in html
    # Team roles read the plan; they are offered no step.
    assert reverse("planning:workplan-submit", args=[plan.pk]) not in html
    assert reverse("planning:workplan-create", args=[world.round.pk]) not in html


def test_submit_and_approve(as_user: Any, world: Any, plan: WorkPlan) -> None:
    office_page = _html(as_user("office_staff").get(reverse("planning:workplan-detail", args=[plan.pk])))
    assert reverse("planning:workplan-submit", args=[plan.pk]) in office_page
    response = as_user("office_staff").post(reverse("planning:workplan-submit", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    # The approve button is shown to the leading group only.
    office_page = _html(as_user("office_director").get(reverse("planning:workplan-detail", args=[plan.pk])))
    assert reverse("planning:workplan-approve", args=[plan.pk]) not in office_page
    leading_page = _html(as_user("leading_group").get(reverse("planning:workplan-detail", args=[plan.pk])))
    assert reverse("planning:workplan-approve", args=[plan.pk]) in leading_page
    response = as_user("leading_group").post(reverse("planning:workplan-approve", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == ("approved", world.users["leading_group"])


def test_round_panel_names_who_drafted_and_who_approved_the_plan(as_user: Any, world: Any, plan: WorkPlan) -> None:
    from django.utils import timezone

    from xuncha.planning.work_plans import work_plan_approve

    url = reverse("planning:round-plan-panel", args=[world.round.pk])
    drafted = f"{world.users['office_staff']} {timezone.localtime(plan.created_at):%Y-%m-%d} 起草"
    html = _html(as_user("leader_a").get(url, headers={"HX-Request": "true"}))
    assert drafted in html and "data-plan-approved" not in html
    work_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)
    work_plan_approve(actor=world.users["leading_group"], plan_id=plan.pk)
    html = _html(as_user("leader_a").get(url, headers={"HX-Request": "true"}))
    # The approver is the leading group, on the day of approval; the drafter stays the drafter.
    assert f"{world.users['leading_group']} {timezone.localdate():%Y-%m-%d} 批准" in html
    assert drafted in html
    # A newer draft keeps the approved version, its approver and date in view.
    work_plan_save(actor=world.users["office_staff"], round_id=world.round.pk, focus="修订。", schedule="4月进驻。")
    html = _html(as_user("leader_a").get(url, headers={"HX-Request": "true"}))
    assert f"现行：第 1 版，{world.users['leading_group']} {timezone.localdate():%Y-%m-%d} 批准" in html


@pytest.mark.parametrize("persona", ["office_director", "cdi", "leader_a"])
def test_only_the_leading_group_approves(as_user: Any, world: Any, plan: WorkPlan, persona: str) -> None:
    work_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)
    assert as_user(persona).post(reverse("planning:workplan-approve", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_leading_group_cannot_submit(as_user: Any, plan: WorkPlan) -> None:
    assert as_user("leading_group").post(reverse("planning:workplan-submit", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_approving_a_draft_says_why_and_changes_nothing(as_user: Any, plan: WorkPlan) -> None:
    response = as_user("leading_group").post(reverse("planning:workplan-approve", args=[plan.pk]))
    assert response.status_code == 409  # the plan's state refuses the step (the workflow table)
    assert "只有已报批的方案可以批准。" in _html(response)
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_work_plan_steps_are_post_only_and_scoped(as_user: Any, plan: WorkPlan) -> None:
    assert as_user("office_staff").get(reverse("planning:workplan-submit", args=[plan.pk])).status_code == 405
    assert as_user("county_staff").post(reverse("planning:workplan-submit", args=[plan.pk])).status_code == 404
    assert as_user("liaison_a").post(reverse("planning:workplan-approve", args=[plan.pk])).status_code == 404


# ---- Annual plans ------------------------------------------------------------------------------------------------


def test_annual_plans_list_every_year_of_the_term(as_user: Any, world: Any, annual: AnnualPlan) -> None:
    response = as_user("cdi").get(reverse("planning:annualplan-list", args=[world.term.pk]))
    assert [row.year for row in response.context["years"]] == [2021, 2022, 2023, 2024, 2025, 2026]
    assert response.context["years"][3].plan == annual
    assert response.context["years"][3].rounds == [world.round]
    assert "中共江城市委2024年度巡察工作计划" in _html(response)


def test_office_drafts_an_annual_plan(as_user: Any, world: Any) -> None:
    url = reverse("planning:annualplan-create", args=[world.term.pk])
    assert "2025年度巡察工作计划" in _html(as_user("office_staff").get(url + "?year=2025"))
    response = as_user("office_staff").post(url, {"year": "2025", "title": "2025年度计划", "rounds_planned": "3",
                                                  "summary": ""})
    assert response.status_code == 302
    assert AnnualPlan.objects.get(year=2025).rounds_planned == 3


@pytest.mark.parametrize(("data", "message"), [
    ({"year": "2030", "title": "x", "rounds_planned": "2"}, "年度应在本届任期内。"),
    ({"year": "2025", "title": "", "rounds_planned": "2"}, "请填写标题。"),
    ({"year": "2025", "title": "x", "rounds_planned": "0"}, "计划轮次数应在 1 到 12 之间。"),
])
def test_bad_annual_plan_changes_nothing(as_user: Any, world: Any, data: dict[str, str], message: str) -> None:
    response = as_user("office_staff").post(reverse("planning:annualplan-create", args=[world.term.pk]), data)
    assert response.status_code == 400
    assert message in _html(response)
    assert not AnnualPlan.objects.exists()


def test_editing_keeps_the_year(as_user: Any, world: Any, annual: AnnualPlan) -> None:
    response = as_user("office_staff").post(reverse("planning:annualplan-edit", args=[annual.pk]),
                                            {"year": "2025", "title": "改过的标题", "rounds_planned": "2"})
    assert response.status_code == 302
    annual.refresh_from_db()
    assert (annual.year, annual.title) == (2024, "改过的标题")
    assert AnnualPlan.objects.count() == 1


def test_annual_submit_and_approve(as_user: Any, world: Any, annual: AnnualPlan) -> None:
    assert as_user("office_staff").post(reverse("planning:annualplan-submit", args=[annual.pk])).status_code == 302
    page = _html(as_user("leading_group").get(reverse("planning:annualplan-list", args=[world.term.pk])))
    assert reverse("planning:annualplan-approve", args=[annual.pk]) in page
    office_page = _html(as_user("office_staff").get(reverse("planning:annualplan-list", args=[world.term.pk])))
    assert reverse("planning:annualplan-approve", args=[annual.pk]) not in office_page
    assert as_user("office_staff").post(reverse("planning:annualplan-approve", args=[annual.pk])).status_code == 403
    assert as_user("leading_group").post(reverse("planning:annualplan-approve", args=[annual.pk])).status_code == 302
    annual.refresh_from_db()
    assert annual.status == "approved"
    # Approved: no more edits.
    response = as_user("office_staff").post(reverse("planning:annualplan-edit", args=[annual.pk]),
                                            {"title": "再改", "rounds_planned": "2"})
    assert response.status_code == 400
    assert "2024年度巡察计划已经批准，不能再修改。" in _html(response)


def test_approving_a_draft_annual_plan_says_why(as_user: Any, annual: AnnualPlan) -> None:
    response = as_user("leading_group").post(reverse("planning:annualplan-approve", args=[annual.pk]))
    assert response.status_code == 409  # the plan's state refuses the step (the workflow table)
    assert "只有已报批的计划可以批准。" in _html(response)


def test_annual_steps_are_scoped(as_user: Any, world: Any, annual: AnnualPlan) -> None:
    annual_plan_submit(actor=world.users["office_staff"], plan_id=annual.pk)
    assert as_user("county_staff").post(reverse("planning:annualplan-approve", args=[annual.pk])).status_code == 404
    assert as_user("liaison_a").post(reverse("planning:annualplan-submit", args=[annual.pk])).status_code == 404
    assert as_user("member_a").post(reverse("planning:annualplan-submit", args=[annual.pk])).status_code == 403


@pytest.mark.parametrize(("status", "color"), [("draft", "secondary"), ("submitted", "warning"),
                                               ("approved", "success")])
def test_plans_carry_the_badge_colour_of_their_approval_state(status: str, color: str) -> None:
    assert WorkPlan(status=status).status_color == color
    assert AnnualPlan(status=status).status_color == color
