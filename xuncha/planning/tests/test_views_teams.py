"""Team forming pages: a new team for a round, the forming panels of the team page (composition rules, members
from the pool with their recusal check, authorisation, decisions on warnings, declarations), and who may
use them."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import MemberDeclaration, RecusalOverride, Team, TeamMembership
from xuncha.orgs.models import Person, Rank, WorkHistory
from xuncha.pool.models import InspectorProfile
from xuncha.pool.services import profile_save

pytestmark = pytest.mark.django_db
# factory_boy's factories return model instances; typed as Any for mypy.
InspectionFactory: Any = factories.InspectionFactory
JurisdictionFactory: Any = factories.JurisdictionFactory
OrganizationFactory: Any = factories.OrganizationFactory
PersonFactory: Any = factories.PersonFactory
RoundFactory: Any = factories.RoundFactory
TeamFactory: Any = factories.TeamFactory
TermFactory: Any = factories.TermFactory

PLANNERS = ("office_staff", "office_director")
READERS = ("leading_group", "cdi", "org_dept")
STRANGERS = ("leader_a", "member_a", "member_b", "liaison_a", "liaison_b", "sysadmin", "secadmin", "auditor",
             "outsider")
ENTRY = datetime.date(2019, 3, 11)


@pytest.fixture
def forming(personas: SimpleNamespace, objects: SimpleNamespace) -> SimpleNamespace:
    """Round 8 of the city with a team being formed to inspect 甲市房管局 (org B). In the pool: a cadre who
    worked at org B until 2016 (blocking), the leader of the team that inspected org B last time (warning),
    and a clean cadre of division rank."""
    round8 = RoundFactory(term=objects.term, number=8, name="第八轮", year=2019, planned_start=ENTRY,
                          planned_end=datetime.date(2019, 4, 30))
    team = TeamFactory(round=round8, number=1, name="第八轮第一巡察组")
    inspection = InspectionFactory(round=round8, team=team, targets=[objects.org_b], code="JS-11-8-A")
    office = personas.office_staff

    def pooled(person: Person, skills: list[str], can_lead: bool = False) -> Person:
        profile_save(actor=office, person=person, jurisdiction=objects.city, skills=skills,
                     availability="available", can_lead=can_lead)
        return person

    worked = pooled(PersonFactory(name="钱审计", organization=objects.org_x, post="审计科长"), ["audit", "finance"])
    WorkHistory.objects.create(person=worked, organization=objects.org_b, organization_name="甲市房管局",
                               post="计划财务科副科长", start=datetime.date(2011, 3, 1), end=datetime.date(2016, 6, 30))
    repeat = pooled(Person.objects.get(name="郑组长"), ["discipline"], can_lead=True)
    clean = pooled(PersonFactory(name="孙清白", organization=objects.org_x, post="副部长", rank=Rank.DIVISION_CHIEF),
                   ["organization"], can_lead=True)
    outside = PersonFactory(name="未入库", organization=objects.org_x)
    return SimpleNamespace(round=round8, team=team, inspection=inspection, worked=worked, repeat=repeat,
                           clean=clean, outside=outside)


def _add(client: Any, team: Team, person: Person, role: str = "member", **headers: str) -> Any:
    return client.post(reverse("planning:team-member-add", args=[team.pk]), {"person": person.pk, "role": role},
                       headers=headers)


def _membership(team: Team, person: Person) -> TeamMembership:
    return TeamMembership.objects.get(team=team, person=person)


HX = {"HX-Request": "true"}


# ---- Who may open what ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PLANNERS + READERS)
def test_jurisdiction_roles_see_the_forming_panels(client_as: Any, forming: SimpleNamespace, persona: str) -> None:
    client = client_as(persona)
    response = client.get(reverse("planning:team-forming", args=[forming.team.pk]), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'class="team-forming"' in html  # the page's ``panels`` partial alone
    assert "组成规则" in html and "回避审查" in html and "回避申请书" in html
    assert ("从人才库选配成员" in html) is (persona in PLANNERS)
    page = client.get(reverse("planning:team-forming", args=[forming.team.pk]))
    assert page.status_code == 200 and "<html" in page.content.decode()


@pytest.mark.parametrize("persona", STRANGERS)
def test_others_get_404_for_a_team_they_do_not_see(client_as: Any, forming: SimpleNamespace, persona: str) -> None:
    client = client_as(persona)
    assert client.get(reverse("planning:team-forming", args=[forming.team.pk])).status_code == 404
    assert _add(client, forming.team, forming.clean).status_code == 404
    assert client.get(reverse("planning:team-create", args=[forming.round.pk])).status_code == 404


def test_team_roles_read_their_own_team_without_forms(client_as: Any, objects: SimpleNamespace) -> None:
    client = client_as("leader_a")
    response = client.get(reverse("planning:team-forming", args=[objects.team_a.pk]), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "林组长" in html and "已进驻：成员已锁定" in html
    assert "从人才库选配成员" not in html and "移出" not in html
    assert _add(client, objects.team_a, Person.objects.get(name="吴成员")).status_code == 403
    assert client.get(reverse("planning:team-create", args=[objects.round.pk])).status_code == 403
    # A liaison sees the team's name on the team page, never its forming panels.
    assert client_as("liaison_a").get(reverse("planning:team-forming", args=[objects.team_a.pk])).status_code == 404


def test_team_page_loads_the_panels_for_planning_roles_only(client_as: Any, forming: SimpleNamespace,
                                                            objects: SimpleNamespace) -> None:
    url = reverse("planning:team-forming", args=[forming.team.pk])
    assert url in client_as("office_staff").get(reverse("planning:team-detail", args=[forming.team.pk])).content.decode()
    liaison_page = client_as("liaison_a").get(reverse("planning:team-detail", args=[objects.team_a.pk]))
    assert reverse("planning:team-forming", args=[objects.team_a.pk]) not in liaison_page.content.decode()


@pytest.mark.parametrize("persona", READERS)
def test_readers_may_not_write(client_as: Any, forming: SimpleNamespace, persona: str) -> None:
    client = client_as(persona)
    assert _add(client, forming.team, forming.clean).status_code == 403
    assert client.get(reverse("planning:team-create", args=[forming.round.pk])).status_code == 403
    assert not TeamMembership.objects.filter(team=forming.team).exists()


def test_objects_of_another_jurisdiction_are_404(client_as: Any, forming: SimpleNamespace) -> None:
    elsewhere = JurisdictionFactory(name="丙市")
    other_round = RoundFactory(term=TermFactory(jurisdiction=elsewhere))
    other_team = TeamFactory(round=other_round)
    stranger = PersonFactory(organization=OrganizationFactory(jurisdiction=elsewhere))
    membership = TeamMembership.objects.create(team=other_team, person=stranger, role="leader")
    client = client_as("office_director")
    assert client.get(reverse("planning:team-forming", args=[other_team.pk])).status_code == 404
    assert client.get(reverse("planning:team-create", args=[other_round.pk])).status_code == 404
    for name in ("team-member-remove", "team-member-authorize", "recusal-override-create", "declaration-record"):
        assert client.post(reverse(f"planning:{name}", args=[membership.pk]), {}).status_code == 404, name
    assert TeamMembership.objects.filter(pk=membership.pk).exists()


# ---- A new team ------------------------------------------------------------------------------------------------


def test_create_a_team_for_a_round(client_as: Any, forming: SimpleNamespace, objects: SimpleNamespace) -> None:
    client = client_as("office_staff")
    form = client.get(reverse("planning:team-create", args=[forming.round.pk])).content.decode()
    assert 'value="2"' in form and "第二巡察组" in form and "第八轮第一巡察组" in form
    response = client.post(reverse("planning:team-create", args=[forming.round.pk]), {
        "number": 2, "name": " 第八轮第二巡察组 ", "home_jurisdiction": objects.county.pk})
    team = Team.objects.get(round=forming.round, number=2)
    assert response.status_code == 302 and response["Location"].startswith(team.get_absolute_url())
    assert team.name == "第八轮第二巡察组" and team.home_jurisdiction == objects.county
    assert AuditEvent.objects.filter(action="team.create", object_id=str(team.pk)).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"number": 1, "name": "重复"}, "本轮已有第1组。"),
    ({"number": "", "name": "无组别"}, "请填写组别。"),
    ({"number": 100, "name": "太大"}, "组别应为 1 到 99。"),
    ({"number": 3, "name": "   "}, "请填写巡察组名称。"),
    ({"number": 3, "name": "外市", "home": "elsewhere"}, "派出党委应为本级或下级党委。"),
])
def test_create_refuses_bad_input_in_chinese(client_as: Any, forming: SimpleNamespace, objects: SimpleNamespace,
                                             data: dict[str, Any], message: str) -> None:
    home = JurisdictionFactory(name="丙市").pk if data.pop("home", "") else objects.city.pk
    before = Team.objects.count()
    response = client_as("office_staff").post(reverse("planning:team-create", args=[forming.round.pk]),
                                              {**data, "home_jurisdiction": home})
    assert response.status_code == 400 and message in response.content.decode()
    assert Team.objects.count() == before


# ---- Adding and removing members -------------------------------------------------------------------------------


def test_candidates_come_from_the_pool_with_a_recusal_precheck(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    html = client.get(reverse("planning:team-forming", args=[forming.team.pk]), {"skill": "audit"},
                      headers={**HX, "HX-Target": "team-candidates"}).content.decode()
    assert "钱审计" in html and "孙清白" not in html and "<section" not in html
    assert "2011.03—2016.06在甲市房管局任计划财务科副科长" in html and "必须回避" in html
    everyone = client.get(reverse("planning:team-forming", args=[forming.team.pk]),
                          headers={**HX, "HX-Target": "team-candidates"}).content.decode()
    assert "未入库" not in everyone and "未发现回避情形" in everyone


def test_adding_a_cadre_who_worked_at_the_target_shows_why(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    response = _add(client, forming.team, forming.worked, **HX)
    membership = _membership(forming.team, forming.worked)
    assert response.status_code == 200
    assert response["HX-Redirect"] == (reverse("planning:team-detail", args=[forming.team.pk])
                                       + f"?added={membership.pk}#team-forming")
    panels = client.get(reverse("planning:team-forming", args=[forming.team.pk]), {"added": membership.pk},
                        headers=HX).content.decode()
    assert "钱审计（成员）的回避审查结果" in panels
    assert "曾在被巡察单位或其下属单位任职" in panels
    assert "2011.03—2016.06在甲市房管局任计划财务科副科长（5年内）" in panels
    assert "此情形必须回避" in panels
    # The message of the reload says so too.
    page = client.get(reverse("planning:team-detail", args=[forming.team.pk]), {"added": membership.pk})
    assert "回避审查发现 1 项情形" in page.content.decode()
    assert f"?added={membership.pk}" in page.content.decode()


def test_adding_without_scripts_goes_to_the_forming_page(client_as: Any, forming: SimpleNamespace) -> None:
    response = _add(client_as("office_staff"), forming.team, forming.clean, role="leader")
    membership = _membership(forming.team, forming.clean)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:team-forming", args=[forming.team.pk]) + f"?added={membership.pk}"
    html = client_as("office_staff").get(response["Location"]).content.decode()
    assert "孙清白（组长）的回避审查结果" in html and "未发现需要回避的情形" in html
    assert "登记授权" in html  # the office may record the authorisation right there


@pytest.mark.parametrize(("who", "role", "message"), [
    ("outside", "member", "所选干部不在您可查看的巡察干部人才库中。"),
    ("clean", "chief", "组内职务不正确。"),
    (None, "member", "请先在人才库中选择一名干部。"),
])
def test_add_refuses_bad_input(client_as: Any, forming: SimpleNamespace, who: str | None, role: str,
                               message: str) -> None:
    data = {"role": role}
    if who:
        data["person"] = getattr(forming, who).pk
    response = client_as("office_staff").post(reverse("planning:team-member-add", args=[forming.team.pk]), data,
                                              headers=HX)
    assert response.status_code == 400 and message in response.content.decode()
    assert not TeamMembership.objects.filter(team=forming.team).exists()


def test_add_refuses_a_second_leader_and_a_stationed_team(client_as: Any, forming: SimpleNamespace,
                                                          objects: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.clean, role="leader")
    second = _add(client, forming.team, forming.repeat, role="leader", **HX)
    assert second.status_code == 400 and "该巡察组已有组长。" in second.content.decode()
    stationed = _add(client, objects.team_a, forming.worked, **HX)
    assert stationed.status_code == 400 and "巡察组已进驻，不能再调整成员。" in stationed.content.decode()


def test_remove_a_member(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.worked)
    membership = _membership(forming.team, forming.worked)
    response = client.post(reverse("planning:team-member-remove", args=[membership.pk]), headers=HX)
    assert response.status_code == 200 and "HX-Redirect" in response
    assert not TeamMembership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="team.member_remove").exists()
    assert client_as("cdi").post(reverse("planning:team-member-remove", args=[membership.pk])).status_code == 404


def test_a_member_who_leaves_is_available_in_the_pool_again(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.clean)
    profile = InspectorProfile.objects.get(person=forming.clean)
    assert profile.availability == "on_team"
    membership = _membership(forming.team, forming.clean)
    client.post(reverse("planning:team-member-remove", args=[membership.pk]), headers=HX)
    profile.refresh_from_db()
    assert profile.availability == "available"


def test_remove_from_a_stationed_team_is_refused(client_as: Any, objects: SimpleNamespace) -> None:
    membership = TeamMembership.objects.get(team=objects.team_a, role="member")
    response = client_as("office_staff").post(reverse("planning:team-member-remove", args=[membership.pk]),
                                              headers=HX)
    assert response.status_code == 400 and "巡察组已进驻，不能再调整成员。" in response.content.decode()
    assert TeamMembership.objects.filter(pk=membership.pk).exists()


# ---- Composition, authorisation, declarations ------------------------------------------------------------------


def test_composition_panel_separates_blocking_and_advisory(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.clean, role="leader")
    html = client.get(reverse("planning:team-forming", args=[forming.team.pk]), headers=HX).content.decode()
    assert "现有1人，少于规定的5人。" in html and "必须解决" in html
    assert "尚未确定副组长。" in html and "建议" in html
    assert "组长孙清白尚未授权（一次一授权）。" in html


def test_authorize_a_leader_in_place(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.clean, role="leader")
    membership = _membership(forming.team, forming.clean)
    url = reverse("planning:team-member-authorize", args=[membership.pk])
    bad = client.post(url, {"on": "2019-02-20", "reference": ""}, headers=HX)
    assert bad.status_code == 400 and "请填写授权决定的文号。" in bad.content.decode()
    future = client.post(url, {"on": "2999-01-01", "reference": "甲巡〔2019〕1号"}, headers=HX)
    assert future.status_code == 400 and "授权日期不能晚于今天。" in future.content.decode()
    response = client.post(url, {"on": "2019-02-20", "reference": "甲巡〔2019〕1号"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "已登记组长孙清白的授权（甲巡〔2019〕1号）" in html and "2019-02-20" in html
    membership.refresh_from_db()
    assert membership.authorization_ref == "甲巡〔2019〕1号"
    assert AuditEvent.objects.filter(action="team.authorize").exists()


def test_authorizing_a_plain_member_is_refused(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.worked)
    membership = _membership(forming.team, forming.worked)
    response = client.post(reverse("planning:team-member-authorize", args=[membership.pk]),
                           {"on": "2019-02-20", "reference": "甲巡〔2019〕1号"}, headers=HX)
    assert response.status_code == 400 and "只有组长、副组长需要一次一授权。" in response.content.decode()


def test_record_declarations(client_as: Any, forming: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.clean, role="leader")
    membership = _membership(forming.team, forming.clean)
    url = reverse("planning:declaration-record", args=[membership.pk])
    future = client.post(url, {"kind": "recusal", "signed_on": "2999-01-01"}, headers=HX)
    assert future.status_code == 400 and "签署日期不能晚于今天。" in future.content.decode()
    bad_kind = client.post(url, {"kind": "oath", "signed_on": "2019-02-20"}, headers=HX)
    assert bad_kind.status_code == 400 and "类别不正确。" in bad_kind.content.decode()
    response = client.post(url, {"kind": "recusal", "signed_on": "2019-02-20", "note": "无应回避事项"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "已登记孙清白的回避申请书。" in html and "2019-02-20 签署" in html
    assert "已签 1/2 份" in html
    assert MemberDeclaration.objects.get(membership=membership, kind="recusal").note == "无应回避事项"
    plain = client.post(url, {"kind": "confidentiality", "signed_on": "2019-02-21"})
    assert plain.status_code == 302 and plain["Location"] == reverse("planning:team-forming", args=[forming.team.pk])
    assert client_as("leading_group").post(url, {"kind": "recusal", "signed_on": "2019-02-20"}).status_code == 403


# ---- Decisions on recusal warnings ------------------------------------------------------------------------------


def _override(client: Any, membership: TeamMembership, org_id: int, rule: str, reason: str, **headers: str) -> Any:
    return client.post(reverse("planning:recusal-override-create", args=[membership.pk]),
                       {"organization": org_id, "rule": rule, "reason": reason}, headers=headers)


REASON = "上次巡察已过四年，本次只负责统筹协调，不参与对该单位的谈话和调阅。"


def test_director_keeps_a_warned_member_with_a_reason(client_as: Any, forming: SimpleNamespace,
                                                      objects: SimpleNamespace, personas: SimpleNamespace) -> None:
    _add(client_as("office_staff"), forming.team, forming.repeat, role="leader")
    membership = _membership(forming.team, forming.repeat)
    director = client_as("office_director")
    panels = director.get(reverse("planning:team-forming", args=[forming.team.pk]), headers=HX).content.decode()
    assert "参加过对该单位的上一次巡察" in panels and "说明理由保留" in panels
    staff_panels = client_as("office_staff").get(reverse("planning:team-forming", args=[forming.team.pk]),
                                                 headers=HX).content.decode()
    assert "决定保留" not in staff_panels and "待巡察办主任说明理由后决定是否保留" in staff_panels
    short = _override(director, membership, objects.org_b.pk, "repeat", "理由太短", **HX)
    assert short.status_code == 400 and "请写明保留理由（不少于10个字）。" in short.content.decode()
    response = _override(director, membership, objects.org_b.pk, "repeat", REASON, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "已说明理由保留郑组长" in html
    assert "office_director于" in html and REASON in html
    override = RecusalOverride.objects.get(membership=membership)
    assert override.reason == REASON and override.decided_by == personas.office_director
    assert AuditEvent.objects.filter(action="recusal.override").exists()
    again = _override(director, membership, objects.org_b.pk, "repeat", REASON, **HX)
    assert again.status_code == 400


def test_office_staff_may_not_override(client_as: Any, forming: SimpleNamespace, objects: SimpleNamespace) -> None:
    client = client_as("office_staff")
    _add(client, forming.team, forming.repeat)
    membership = _membership(forming.team, forming.repeat)
    assert _override(client, membership, objects.org_b.pk, "repeat", REASON).status_code == 403
    assert _override(client_as("leading_group"), membership, objects.org_b.pk, "repeat", REASON).status_code == 403
    assert not RecusalOverride.objects.exists()


def test_a_blocking_ground_cannot_be_overridden(client_as: Any, forming: SimpleNamespace,
                                                objects: SimpleNamespace) -> None:
    _add(client_as("office_staff"), forming.team, forming.worked)
    membership = _membership(forming.team, forming.worked)
    response = _override(client_as("office_director"), membership, objects.org_b.pk, "worked_at", REASON, **HX)
    assert response.status_code == 400
    assert "这一情形必须回避，不能说明理由保留；请调整巡察组成员。" in response.content.decode()
    assert not RecusalOverride.objects.exists()
    missing = _override(client_as("office_director"), membership, objects.org_b.pk, "relative_at", REASON, **HX)
    assert missing.status_code == 400 and "该人员对该单位不存在这一回避情形。" in missing.content.decode()


def test_forming_panels_query_count_is_bounded(client_as: Any, forming: SimpleNamespace,
                                               django_assert_max_num_queries: Any) -> None:
    client = client_as("office_director")
    url = reverse("planning:team-forming", args=[forming.team.pk])
    for person in (forming.clean, forming.worked, forming.repeat):
        _add(client_as("office_staff"), forming.team, person, role="leader" if person == forming.clean else "member")
    for i in range(4):
        person = PersonFactory(name=f"成员{i}", organization=forming.clean.organization)
        InspectorProfile.objects.create(person=person, jurisdiction=forming.round.jurisdiction)
        TeamMembership.objects.create(team=forming.team, person=person, role="member", order=10 + i)
    # Whatever the team's size: the panels, and the team workflow's guards for the confirm step (composition,
    # authorisation, recusal) asked once more.
    with django_assert_max_num_queries(66):
        response = client.get(url, headers=HX)
    assert response.status_code == 200 and "成员3" in response.content.decode()
