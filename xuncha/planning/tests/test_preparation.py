"""Team forming and preparation services: composition rules, authorisation, notices, announcement, declarations."""

from __future__ import annotations

import datetime

import pytest

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, Term
from xuncha.inspections.stationing import (
    announcement_save,
    declaration_record,
    inspection_notice_issue,
    missing_declarations,
)
from xuncha.orgs.models import Jurisdiction, Organization, Person, WorkHistory
from xuncha.planning.composition import team_composition
from xuncha.planning.teams import team_leader_authorize, team_member_add
from xuncha.planning.work_plans import work_plan_approve, work_plan_save, work_plan_submit
from xuncha.pool.models import InspectorProfile, InspectorSkill
from xuncha.rules.models import PlanningPolicy, TimeLimits

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def prep():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    target = Organization.objects.create(name="中共甲市工商联党组", short_name="市工商联", org_type="party_group",
                                         sector="mass_organization", jurisdiction=city)
    home = Organization.objects.create(name="中共甲市纪委监委机关", short_name="市纪委监委机关",
                                       org_type="party_committee", sector="party_government", jurisdiction=city)
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=D(2016, 10, 1),
                               end_date=D(2021, 9, 30))
    rnd = Round.objects.create(term=term, number=7, name="第七轮", year=2018, planned_start=D(2018, 11, 1),
                               planned_end=D(2018, 12, 10))
    team = Team.objects.create(round=rnd, number=3, name="第三巡察组", home_jurisdiction=city)
    insp = Inspection.objects.create(round=rnd, team=team, code="11-7-03", inspection_type="routine",
                                     planned_entry=D(2018, 11, 1), planned_withdrawal=D(2018, 12, 10))
    InspectionTarget.objects.create(inspection=insp, organization=target)
    office = User.objects.create_user(username="office", password="x")
    leading = User.objects.create_user(username="leading", password="x")
    role_grant(actor=None, user=office, role=Role.OFFICE_STAFF, jurisdiction=city)
    role_grant(actor=None, user=leading, role=Role.LEADING_GROUP, jurisdiction=city)

    def cadre(name: str, rank: str = "staff", skills: tuple[str, ...] = ()) -> Person:
        p = Person.objects.create(name=name, gender="M", birth_year=1975, organization=home, post="干部", rank=rank)
        profile = InspectorProfile.objects.create(person=p, jurisdiction=city)
        for s in skills:
            InspectorSkill.objects.create(profile=profile, skill=s)
        return p

    return {"city": city, "target": target, "team": team, "insp": insp, "office": office, "leading": leading,
            "cadre": cadre, "round": rnd}


def _codes(team: Team) -> set[str]:
    return {i.code for i in team_composition(team)}


def test_composition_rules_are_checked_and_met(prep):
    team, office, cadre = prep["team"], prep["office"], prep["cadre"]
    assert {"leader", "size"} <= _codes(team)
    leader = team_member_add(actor=office, team_id=team.pk, person_id=cadre("组长", "sec_chief").pk, role="leader")
    assert "rank" in _codes(team)  # 正科级 is below the city's 副处级 minimum
    leader.membership.person.rank = "div_chief"
    leader.membership.person.save()
    deputy = team_member_add(actor=office, team_id=team.pk, person_id=cadre("副组长", "div_deputy", ("discipline",)).pk,
                             role="deputy_leader")
    for i, skill in enumerate(["organization", "finance", "audit"]):
        team_member_add(actor=office, team_id=team.pk, person_id=cadre(f"成员{i}", skills=(skill,)).pk, role="member")
    assert _codes(team) == {"authorization"}
    for m in (leader.membership, deputy.membership):
        team_leader_authorize(actor=office, membership_id=m.pk, on=D(2018, 10, 20), reference="洛巡组〔2018〕7号")
    assert team_composition(team) == []


def test_deputy_rank_is_checked_against_the_jurisdictions_minimum(prep):
    team, office, cadre = prep["team"], prep["office"], prep["cadre"]
    team_member_add(actor=office, team_id=team.pk, person_id=cadre("组长", "div_chief").pk, role="leader")
    team_member_add(actor=office, team_id=team.pk, person_id=cadre("副组长", "sec_deputy").pk, role="deputy_leader")
    messages = [i.message for i in team_composition(team) if i.code == "rank"]
    assert messages == ["副组长副组长为副科级，低于要求的正科级。"]  # the default: deputies from 正科级
    PlanningPolicy.objects.create(jurisdiction=prep["city"], deputy_min_rank="sec_deputy")
    assert "rank" not in _codes(team)
    PlanningPolicy.objects.filter(jurisdiction=prep["city"]).update(deputy_min_rank="div_deputy")
    assert [i.blocking for i in team_composition(team) if i.code == "rank"] == [True]


def test_policy_of_the_jurisdiction_changes_the_rules(prep):
    PlanningPolicy.objects.create(jurisdiction=prep["city"], team_size_min=2, required_skills="")
    team_member_add(actor=prep["office"], team_id=prep["team"].pk, person_id=prep["cadre"]("甲", "div_chief").pk,
                    role="leader")
    team_member_add(actor=prep["office"], team_id=prep["team"].pk, person_id=prep["cadre"]("乙").pk, role="member")
    assert "size" not in _codes(prep["team"]) and "skills" not in _codes(prep["team"])


def test_adding_a_member_reports_recusal_at_once(prep):
    person = prep["cadre"]("曾任职")
    WorkHistory.objects.create(person=person, organization=prep["target"], organization_name="市工商联", post="科长",
                               start=D(2010, 1, 1), end=D(2016, 12, 31))
    added = team_member_add(actor=prep["office"], team_id=prep["team"].pk, person_id=person.pk, role="member")
    assert [h.rule for h in added.recusal] == ["worked_at"]
    assert "市工商联" in added.recusal[0].reason


def test_one_person_one_team_per_round_and_one_leader(prep):
    other_team = Team.objects.create(round=prep["round"], number=4, name="第四巡察组", home_jurisdiction=prep["city"])
    person = prep["cadre"]("某人")
    team_member_add(actor=prep["office"], team_id=prep["team"].pk, person_id=person.pk, role="leader")
    with pytest.raises(DomainError, match="同一轮次"):
        team_member_add(actor=prep["office"], team_id=other_team.pk, person_id=person.pk, role="member")
    with pytest.raises(DomainError, match="已有组长"):
        team_member_add(actor=prep["office"], team_id=prep["team"].pk, person_id=prep["cadre"]("另一人").pk,
                        role="leader")


def test_only_the_office_forms_teams(prep):
    with pytest.raises(CapabilityMissing):
        team_member_add(actor=prep["leading"], team_id=prep["team"].pk, person_id=prep["cadre"]("某").pk,
                        role="member")


def test_work_plan_versions_and_leading_group_approval(prep):
    v1 = work_plan_save(actor=prep["office"], round_id=prep["round"].pk, focus="六个围绕、一个加强",
                        schedule="11月1日进驻")
    v2 = work_plan_save(actor=prep["office"], round_id=prep["round"].pk, focus="六个围绕、一个加强；五个持续",
                        schedule="11月1日进驻，12月10日撤驻")
    assert (v1.version, v2.version) == (1, 2)
    with pytest.raises(DomainError):
        work_plan_approve(actor=prep["leading"], plan_id=v2.pk)  # not submitted
    work_plan_submit(actor=prep["office"], plan_id=v2.pk)
    with pytest.raises(CapabilityMissing):
        work_plan_approve(actor=prep["office"], plan_id=v2.pk)
    assert work_plan_approve(actor=prep["leading"], plan_id=v2.pk).status == "approved"


def test_notice_must_go_out_the_configured_days_before_entry(prep):
    args = {"actor": prep["office"], "inspection_id": prep["insp"].pk, "organization_id": prep["target"].pk,
            "notice_no": "洛巡通〔2018〕3号", "requirements": "准备工作汇报"}
    with pytest.raises(DomainError, match="进驻前10天"):
        inspection_notice_issue(issued_on=D(2018, 10, 25), **args)
    TimeLimits.objects.create(jurisdiction=prep["city"], notice_days_before_entry=5, liaison_list_days_before_entry=3)
    notice = inspection_notice_issue(issued_on=D(2018, 10, 25), **args)
    assert notice.liaison_list_due == D(2018, 10, 29)


def test_announcement_petition_cutoff(prep):
    base = {"actor": prep["office"], "inspection_id": prep["insp"].pk, "phone": "0379-12345678",
            "phone_hours": "每日 8:00—18:00"}
    with pytest.raises(DomainError, match="撤驻前3天"):
        announcement_save(accept_until=D(2018, 12, 9), **base)
    announcement = announcement_save(**base)
    assert (announcement.accept_from, announcement.accept_until) == (D(2018, 11, 1), D(2018, 12, 7))


def test_missing_declarations_are_listed_until_signed(prep):
    added = team_member_add(actor=prep["office"], team_id=prep["team"].pk, person_id=prep["cadre"]("王某").pk,
                            role="member")
    assert missing_declarations(prep["insp"]) == ["王某：回避申请书", "王某：保密承诺书"]
    for kind in ("recusal", "confidentiality"):
        declaration_record(actor=prep["office"], membership_id=added.membership.pk, kind=kind,
                           signed_on=D(2018, 10, 28))
    assert missing_declarations(prep["insp"]) == []
