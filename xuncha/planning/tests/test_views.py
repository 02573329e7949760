"""Pages of terms, rounds, teams and inspections, and the transition endpoint: scope, content, cost."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from xuncha.audit.models import AuditEvent
from xuncha.core.models import StatusChange
from xuncha.inspections.models import Inspection, InspectionTarget, Team
from xuncha.inspections.workflow import InspectionStatus
from xuncha.rules.models import RecusalPolicy

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    return response.content.decode()


def _transition_url(inspection: Inspection, name: str) -> str:
    return reverse("planning:inspection-transition", args=[inspection.pk, name])


# ---- Who may open which page -------------------------------------------------------------------------------------

LIST_MATRIX = [
    ("office_staff", "planning:term-list", 200),
    ("leading_group", "planning:term-list", 200),
    ("cdi", "planning:term-list", 200),
    ("member_a", "planning:term-list", 200),
    ("liaison_a", "planning:term-list", 404),  # a page kind liaisons never use
    ("system_admin", "planning:term-list", 404),
    ("security_admin", "planning:term-list", 404),
    ("security_auditor", "planning:term-list", 404),
    ("outsider", "planning:term-list", 404),
    ("office_director", "planning:inspection-list", 200),
    ("member_b", "planning:inspection-list", 200),
    ("liaison_a", "planning:inspection-list", 200),
    ("system_admin", "planning:inspection-list", 404),
    ("security_admin", "planning:inspection-list", 404),
    ("security_auditor", "planning:inspection-list", 404),
    ("outsider", "planning:inspection-list", 404),
]


@pytest.mark.parametrize(("persona", "url_name", "expected"), LIST_MATRIX)
def test_list_pages_by_role(login: Any, persona: str, url_name: str, expected: int) -> None:
    assert login(persona).get(reverse(url_name)).status_code == expected


DETAIL_MATRIX = [
    # persona, world attribute, url name, expected status
    ("office_director", "term", "planning:term-detail", 200),
    ("member_a", "term", "planning:term-detail", 200),
    ("county_staff", "term", "planning:term-detail", 404),  # a city term
    ("liaison_a", "term", "planning:term-detail", 404),
    ("system_admin", "term", "planning:term-detail", 404),
    ("office_director", "round", "planning:round-detail", 200),
    ("member_b", "round", "planning:round-detail", 200),
    ("county_staff", "round", "planning:round-detail", 404),
    ("liaison_a", "round", "planning:round-detail", 404),
    ("security_auditor", "round", "planning:round-detail", 404),
    ("office_director", "team_a", "planning:team-detail", 200),
    ("member_a", "team_a", "planning:team-detail", 200),
    ("member_b", "team_a", "planning:team-detail", 404),  # another team's page
    ("liaison_a", "team_a", "planning:team-detail", 200),  # the team inspecting their organisation
    ("liaison_a", "team_b", "planning:team-detail", 404),
    ("security_admin", "team_a", "planning:team-detail", 404),
    ("office_director", "inspection_a", "planning:inspection-detail", 200),
    ("leader_a", "inspection_a", "planning:inspection-detail", 200),
    ("member_a", "inspection_a", "planning:inspection-detail", 200),
    ("member_b", "inspection_a", "planning:inspection-detail", 404),  # team B on team A's inspection
    ("liaison_a", "inspection_a", "planning:inspection-detail", 200),
    ("liaison_b", "inspection_a", "planning:inspection-detail", 404),  # liaison of org B on org A's
    ("liaison_b", "inspection_planned", "planning:inspection-detail", 404),  # not yet notified
    ("county_staff", "inspection_a", "planning:inspection-detail", 404),
    ("system_admin", "inspection_a", "planning:inspection-detail", 404),
    ("security_admin", "inspection_a", "planning:inspection-detail", 404),
    ("security_auditor", "inspection_a", "planning:inspection-detail", 404),
]


@pytest.mark.parametrize(("persona", "obj", "url_name", "expected"), DETAIL_MATRIX)
def test_detail_pages_by_scope(login: Any, world: Any, persona: str, obj: str, url_name: str,
                               expected: int) -> None:
    response = login(persona).get(reverse(url_name, args=[getattr(world, obj).pk]))
    assert response.status_code == expected


def test_unknown_ids_are_404(login: Any) -> None:
    client = login("office_director")
    for name in ("planning:term-detail", "planning:round-detail", "planning:team-detail",
                 "planning:inspection-detail"):
        assert client.get(reverse(name, args=[987654])).status_code == 404
    assert client.get("/planning/inspections/99999999999999999999999/").status_code == 404


# ---- What the pages show -----------------------------------------------------------------------------------------


def test_term_list_and_detail(login: Any, world: Any) -> None:
    client = login("office_director")
    html = _html(client.get(reverse("planning:term-list")))
    assert world.term.name in html and reverse("planning:term-detail", args=[world.term.pk]) in html
    html = _html(client.get(reverse("planning:term-detail", args=[world.term.pk])))
    assert world.round.name in html and "stackbar" in html and "巡前准备" in html


def test_round_detail_shows_framework_stats_inspections_and_teams(login: Any, world: Any) -> None:
    html = _html(login("office_director").get(reverse("planning:round-detail", args=[world.round.pk])))
    assert world.round.focus_framework.name in html
    assert world.round.eight_rules_framework.name in html
    assert "六个围绕" in html  # focus notes
    for code in ("JC-2024-3-01", "JC-2024-3-02", "JC-2024-3-03"):
        assert code in html
    assert world.team_a.name in html and world.team_b.name in html and "赵组长" in html
    assert "badge-cross" in html and "badge-linked" in html


def test_round_detail_filters_by_type_and_status(login: Any, world: Any) -> None:
    client = login("office_director")
    url = reverse("planning:round-detail", args=[world.round.pk])
    html = _html(client.get(url, {"type": "special"}))
    assert "JC-2024-3-03" in html and "JC-2024-3-01" not in html
    html = _html(client.get(url, {"status": "preparing"}))
    assert "JC-2024-3-01" in html and "JC-2024-3-03" not in html
    partial = client.get(url, {"status": "planned"}, headers={"HX-Request": "true"})
    assert "<html" not in _html(partial) and "JC-2024-3-03" in _html(partial)


def test_team_role_sees_only_its_own_team_in_a_round(login: Any, world: Any) -> None:
    html = _html(login("member_b").get(reverse("planning:round-detail", args=[world.round.pk])))
    assert world.team_b.name in html and world.team_a.name not in html
    assert "JC-2024-3-02" in html and "JC-2024-3-01" not in html


def test_team_detail_members_hidden_from_liaisons(login: Any, world: Any) -> None:
    url = reverse("planning:team-detail", args=[world.team_a.pk])
    html = _html(login("office_director").get(url))
    assert "孙组员" in html and "赵组长" in html
    html = _html(login("liaison_a").get(url))
    assert world.team_a.name in html and "赵组长" in html  # name and leader only
    assert "孙组员" not in html
    assert "JC-2024-3-01" in html and "JC-2024-3-03" not in html  # only their organisation's inspection


def test_inspection_list_filters(login: Any, world: Any) -> None:
    client = login("office_director")
    url = reverse("planning:inspection-list")
    assert "JC-2024-3-03" in _html(client.get(url))
    html = _html(client.get(url, {"q": "工商联"}))
    assert "JC-2024-3-01" in html and "JC-2024-3-02" not in html
    html = _html(client.get(url, {"status": "planned"}))
    assert "JC-2024-3-03" in html and "JC-2024-3-01" not in html
    html = _html(client.get(url, {"type": "special", "round": world.round.pk}))
    assert "JC-2024-3-03" in html and "JC-2024-3-02" not in html


def test_liaison_lists_only_their_organisations_inspections(login: Any, world: Any) -> None:
    html = _html(login("liaison_b").get(reverse("planning:inspection-list")))
    assert "JC-2024-3-02" in html
    assert "JC-2024-3-01" not in html and "JC-2024-3-03" not in html  # another organisation; not yet notified


def test_inspection_detail_shows_lifecycle_team_targets_and_transitions(login: Any, world: Any) -> None:
    html = _html(login("office_director").get(reverse("planning:inspection-detail",
                                                      args=[world.inspection_a.pk])))
    assert 'class="lifecycle"' in html and 'class="current" aria-current="step"' in html
    assert html.count('class="done"') == 1
    assert world.org_a.name in html and world.team_a.name in html and "孙组员" in html
    assert _transition_url(world.inspection_a, "station") in html
    assert 'type="date"' in html


def test_inspection_detail_for_liaison_hides_members_and_actions(login: Any, world: Any) -> None:
    client = login("office_director")
    client.post(_transition_url(world.inspection_a, "station"), {"on": "2024-03-01", "note": "内部说明"})
    html = _html(login("liaison_a").get(reverse("planning:inspection-detail", args=[world.inspection_a.pk])))
    assert "赵组长" in html and "孙组员" not in html
    assert "内部说明" not in html  # internal notes stay internal
    assert "transition-form" not in html
    assert "进驻" in html  # the history itself is shown


def test_blocked_transition_is_shown_disabled_with_reasons(login: Any, world: Any) -> None:
    leaderless = Team.objects.create(round=world.round, number=9, name="市委第九巡察组", home_jurisdiction=world.city)
    world.inspection_b.team = leaderless
    world.inspection_b.save()
    html = _html(login("office_director").get(reverse("planning:inspection-detail", args=[world.inspection_b.pk])))
    assert "disabled" in html and "巡察组尚未明确组长" in html


# ---- Transitions -------------------------------------------------------------------------------------------------


def test_transition_happy_path(login: Any, world: Any) -> None:
    client = login("office_director")
    response = client.post(_transition_url(world.inspection_planned, "prepare"), {"note": "印发巡察通知"})
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:inspection-detail", args=[world.inspection_planned.pk])
    world.inspection_planned.refresh_from_db()
    assert world.inspection_planned.status == InspectionStatus.PREPARING
    change = StatusChange.for_object(world.inspection_planned).get()
    assert (change.transition, change.old_status, change.new_status, change.note) == \
        ("prepare", "planned", "preparing", "印发巡察通知")
    assert AuditEvent.objects.filter(action="inspection.transition").exists()
    page = _html(client.get(response["Location"]))
    assert "已完成“启动巡前准备”" in page and "印发巡察通知" in page


def test_transition_with_date_over_htmx(login: Any, world: Any) -> None:
    response = login("office_staff").post(_transition_url(world.inspection_a, "station"),
                                          {"on": "2024-03-02", "note": ""}, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == reverse("planning:inspection-detail", args=[world.inspection_a.pk])
    world.inspection_a.refresh_from_db()
    assert world.inspection_a.status == InspectionStatus.STATIONED
    assert world.inspection_a.stationed_on == datetime.date(2024, 3, 2)


def test_transition_date_defaults_to_today(login: Any, world: Any) -> None:
    login("office_staff").post(_transition_url(world.inspection_a, "station"), {})
    world.inspection_a.refresh_from_db()
    assert world.inspection_a.stationed_on == timezone.localdate()


def test_blocked_transition_answers_409_with_the_reason(login: Any, world: Any) -> None:
    leaderless = Team.objects.create(round=world.round, number=9, name="市委第九巡察组", home_jurisdiction=world.city)
    world.inspection_b.team = leaderless
    world.inspection_b.save()
    response = login("office_director").post(_transition_url(world.inspection_b, "station"), {"on": "2024-03-01"})
    assert response.status_code == 409
    assert "巡察组尚未明确组长" in _html(response)
    world.inspection_b.refresh_from_db()
    assert world.inspection_b.status == InspectionStatus.PREPARING
    assert not StatusChange.for_object(world.inspection_b).exists()


def test_blocked_transition_over_htmx_returns_the_panel(login: Any, world: Any) -> None:
    leaderless = Team.objects.create(round=world.round, number=9, name="市委第九巡察组", home_jurisdiction=world.city)
    world.inspection_b.team = leaderless
    world.inspection_b.save()
    response = login("office_director").post(_transition_url(world.inspection_b, "station"), {},
                                             headers={"HX-Request": "true"})
    assert response.status_code == 409
    html = _html(response)
    assert "<html" not in html and "transition-card" in html and "巡察组尚未明确组长" in html


def test_transition_from_the_wrong_state_answers_409(login: Any, world: Any) -> None:
    # The team leader may withdraw, but the inspection has not been stationed yet.
    response = login("leader_a").post(_transition_url(world.inspection_a, "withdraw"), {})
    assert response.status_code == 409
    assert "当前状态下不能执行此操作" in _html(response)


@pytest.mark.parametrize(("on", "message"), [
    ("2999-01-01", "日期不能晚于今天"),
    ("not-a-date", "请输入有效的日期"),
])
def test_bad_dates_answer_400(login: Any, world: Any, on: str, message: str) -> None:
    response = login("office_director").post(_transition_url(world.inspection_a, "station"), {"on": on})
    assert response.status_code == 400
    assert message in _html(response)
    world.inspection_a.refresh_from_db()
    assert world.inspection_a.status == InspectionStatus.PREPARING


def test_date_order_is_checked(login: Any, world: Any) -> None:
    client = login("office_director")
    client.post(_transition_url(world.inspection_a, "station"), {"on": "2024-03-10"})
    response = client.post(_transition_url(world.inspection_a, "withdraw"), {"on": "2024-03-01"})
    assert response.status_code == 400
    assert "撤驻日期不能早于进驻日期" in _html(response)


def test_too_long_note_answers_400(login: Any, world: Any) -> None:
    response = login("office_director").post(_transition_url(world.inspection_a, "station"), {"note": "长" * 600})
    assert response.status_code == 400


@pytest.mark.parametrize(("persona", "transition", "expected"), [
    ("member_a", "station", 403),  # a team member may see the inspection, not station it
    ("leader_a", "station", 403),
    ("liaison_a", "station", 403),
    ("leading_group", "prepare", 403),
    ("member_b", "station", 404),  # another team's inspection
    ("liaison_b", "station", 404),
    ("county_staff", "station", 404),
    ("system_admin", "station", 404),
    ("outsider", "station", 404),
])
def test_transition_refused(login: Any, world: Any, persona: str, transition: str, expected: int) -> None:
    response = login(persona).post(_transition_url(world.inspection_a, transition), {})
    assert response.status_code == expected
    world.inspection_a.refresh_from_db()
    assert world.inspection_a.status == InspectionStatus.PREPARING


def test_transition_get_is_405_and_unknown_name_is_404(login: Any, world: Any) -> None:
    client = login("office_director")
    assert client.get(_transition_url(world.inspection_a, "station")).status_code == 405
    assert client.post(_transition_url(world.inspection_a, "teleport"), {}).status_code == 404


# ---- Bad input never fails ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url_name", "params"), [
    ("planning:inspection-list", {"round": "abc", "status": "bogus", "type": "?", "page": "x"}),
    ("planning:inspection-list", {"round": "99999999999999999999999", "q": "x" * 500, "page_size": "-3"}),
    ("planning:inspection-list", {"q": "%_\\", "page": "100000"}),
    ("planning:term-list", {"page": "abc"}),
])
def test_bad_query_parameters_do_not_fail(login: Any, url_name: str, params: dict[str, str]) -> None:
    assert login("office_director").get(reverse(url_name), params).status_code == 200


def test_bad_round_filters_do_not_fail(login: Any, world: Any) -> None:
    url = reverse("planning:round-detail", args=[world.round.pk])
    response = login("office_director").get(url, {"type": "nope", "status": "1", "page": "-1"})
    assert response.status_code == 200 and "部分筛选条件无效" in _html(response)


# ---- Query budgets -----------------------------------------------------------------------------------------------


@pytest.fixture
def many_inspections(world: Any) -> None:
    orgs = [world.org_a, world.org_b, world.org_a_branch]
    for i in range(30):
        team = Team.objects.create(round=world.round, number=10 + i, name=f"测试巡察组{i}",
                                   home_jurisdiction=world.county)
        inspection = Inspection.objects.create(
            round=world.round, team=team, code=f"T-{i:03d}", inspection_type="cross" if i % 2 else "routine",
            is_cross=bool(i % 2), status=InspectionStatus.values[i % 8],
            planned_entry=datetime.date(2024, 3, 1), planned_withdrawal=datetime.date(2024, 3, 31))
        for org in orgs[: 1 + i % 3]:
            InspectionTarget.objects.create(inspection=inspection, organization=org)


# Budgets are constants measured against many_inspections (an N+1 would blow them). The office's pages carry one
# more query than a liaison's for the to-do badge in the menu; the round page reads who drafted and who approved
# each work plan; the inspection page offers the team selector before stationing.
@pytest.mark.parametrize(("persona", "url_name", "args_attr", "budget"), [
    ("office_director", "planning:inspection-list", None, 15),
    ("liaison_a", "planning:inspection-list", None, 14),
    ("office_director", "planning:term-list", None, 15),
    ("office_director", "planning:term-detail", "term", 15),
    ("office_director", "planning:round-detail", "round", 23),
    ("office_director", "planning:team-detail", "team_a", 19),
    # Preparing: the page shows what still blocks stationing (team confirmed, declarations, recusal of the team);
    # the surveys tab reads the inspection's jurisdiction once to know whether the director may open it.
    ("office_director", "planning:inspection-detail", "inspection_a", 41),
])
def test_query_budget(login: Any, world: Any, many_inspections: None, django_assert_max_num_queries: Any,
                      persona: str, url_name: str, args_attr: str | None, budget: int) -> None:
    client = login(persona)
    url = reverse(url_name, args=[getattr(world, args_attr).pk] if args_attr else [])
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("persona", "offered"), [("office_staff", True), ("leading_group", False)])
def test_planning_actions_are_offered_to_the_office_only(login: Any, world: Any, persona: str, offered: bool) -> None:
    term_html = _html(login(persona).get(reverse("planning:term-detail", args=[world.term.pk])))
    round_html = _html(login(persona).get(reverse("planning:round-detail", args=[world.round.pk])))
    assert (reverse("planning:round-create", args=[world.term.pk]) in term_html) is offered
    assert (reverse("planning:team-create", args=[world.round.pk]) in round_html) is offered
    assert reverse("planning:annualplan-list", args=[world.term.pk]) in term_html


# ---- The team of an inspection -------------------------------------------------------------------------------


def _team_url(inspection: Inspection) -> str:
    return reverse("planning:inspection-team", args=[inspection.pk])


def test_office_attaches_changes_and_removes_the_team_of_a_teamless_inspection(login: Any, world: Any) -> None:
    insp = world.inspection_planned
    Inspection.objects.filter(pk=insp.pk).update(team=None)
    client = login("office_staff")
    html = _html(client.get(insp.get_absolute_url()))
    assert "尚未指定巡察组" in html and _team_url(insp) in html and "指定巡察组" in html
    response = client.post(_team_url(insp), {"team": world.team_b.pk})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=insp.pk).team == world.team_b
    # 第一组's members work at 市住建局, the target: refused with the facts, the team stays.
    response = client.post(_team_url(insp), {"team": world.team_a.pk})
    assert response.status_code == 400
    html = _html(response)
    assert "必须回避" in html and "赵组长" in html
    assert Inspection.objects.get(pk=insp.pk).team == world.team_b
    assert client.post(_team_url(insp), {"team": ""}).status_code == 302
    assert Inspection.objects.get(pk=insp.pk).team is None
    assert AuditEvent.objects.filter(action="inspection.team_set", object_id=str(insp.pk)).count() == 2


def test_team_warnings_are_shown_after_attaching(login: Any, world: Any) -> None:
    insp = world.inspection_planned
    Inspection.objects.filter(pk=insp.pk).update(team=None)
    RecusalPolicy.objects.create(jurisdiction=world.city, rule="worked_at", severity="warning")
    response = login("office_staff").post(_team_url(insp), {"team": world.team_a.pk}, follow=True)
    html = _html(response)
    assert "回避提示" in html and "赵组长" in html and "巡察办主任" in html
    assert Inspection.objects.get(pk=insp.pk).team == world.team_a


def test_team_form_is_offered_to_the_office_before_stationing_only(login: Any, world: Any) -> None:
    assert _team_url(world.inspection_a) in _html(login("office_staff").get(world.inspection_a.get_absolute_url()))
    assert _team_url(world.inspection_a) not in _html(login("leader_a").get(world.inspection_a.get_absolute_url()))
    Inspection.objects.filter(pk=world.inspection_a.pk).update(status=InspectionStatus.STATIONED)
    client = login("office_staff")
    assert _team_url(world.inspection_a) not in _html(client.get(world.inspection_a.get_absolute_url()))
    response = client.post(_team_url(world.inspection_a), {"team": ""})
    assert response.status_code == 400 and "不能再更换巡察组" in _html(response)
    assert Inspection.objects.get(pk=world.inspection_a.pk).team == world.team_a


@pytest.mark.parametrize(("persona", "expected"), [
    ("leading_group", 403), ("leader_a", 403), ("liaison_a", 403), ("county_staff", 404), ("member_b", 404),
    ("security_admin", 404),
])
def test_team_change_refused_by_role(login: Any, world: Any, persona: str, expected: int) -> None:
    assert login(persona).post(_team_url(world.inspection_a), {"team": ""}).status_code == expected
    assert Inspection.objects.get(pk=world.inspection_a.pk).team == world.team_a
