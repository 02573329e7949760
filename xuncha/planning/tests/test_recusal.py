"""Recusal grounds, their configuration per jurisdiction, and overriding a warning."""

from __future__ import annotations

import datetime

import pytest

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.inspections.recusal import recusal_override_create, standing_conflicts, team_recusal
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, WorkHistory
from xuncha.rules.models import RecusalPolicy, RecusalRule

pytestmark = pytest.mark.django_db
D = datetime.date


def _org(name: str, jurisdiction: Jurisdiction, parent: Organization | None = None) -> Organization:
    return Organization.objects.create(name=f"中共{name}党组", short_name=name, org_type="party_group",
                                       sector="party_government", jurisdiction=jurisdiction, parent=parent)


@pytest.fixture
def setting():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    county_a = Jurisdiction.objects.create(name="子县", committee_name="中共子县委", level="county",
                                           division_code="990121", parent=city)
    county_b = Jurisdiction.objects.create(name="丑县", committee_name="中共丑县委", level="county",
                                           division_code="990122", parent=city)
    housing = _org("市房管局", city)
    housing_sub = _org("市房管局保障科", city, parent=housing)
    home = _org("市纪委监委机关", city)
    county_housing = _org("丑县住建局", county_b)
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=D(2016, 10, 1),
                               end_date=D(2021, 9, 30))
    rnd = Round.objects.create(term=term, number=7, name="第七轮", year=2018, planned_start=D(2018, 11, 1),
                               planned_end=D(2018, 12, 10))
    team = Team.objects.create(round=rnd, number=5, name="第五巡察组", home_jurisdiction=city)
    insp = Inspection.objects.create(round=rnd, team=team, code="R-5", inspection_type="routine",
                                     planned_entry=D(2018, 11, 1), planned_withdrawal=D(2018, 12, 10))
    InspectionTarget.objects.create(inspection=insp, organization=housing)

    def person(name: str, org: Organization = home, **kw) -> Person:
        return Person.objects.create(name=name, gender="M", birth_year=1975, organization=org, post="干部", **kw)

    def member(p: Person, role: str = "member") -> TeamMembership:
        return TeamMembership.objects.create(team=team, person=p, role=role)

    return {"city": city, "county_a": county_a, "county_b": county_b, "housing": housing,
            "housing_sub": housing_sub, "county_housing": county_housing, "team": team, "round": rnd,
            "person": person, "member": member, "home": home, "insp": insp}


def _rules(team: Team) -> set[tuple[str, str]]:
    return {(h.person_name, h.rule) for h in team_recusal(team)}


def test_worked_at_target_or_its_subordinate_within_the_years(setting):
    recent = setting["person"]("近期任职")
    WorkHistory.objects.create(person=recent, organization=setting["housing_sub"], organization_name="市房管局保障科",
                               post="科长", start=D(2012, 1, 1), end=D(2021, 6, 30))
    old = setting["person"]("早年任职")
    WorkHistory.objects.create(person=old, organization=setting["housing"], organization_name="市房管局",
                               post="科员", start=D(1998, 1, 1), end=D(2003, 6, 30))
    setting["member"](recent)
    setting["member"](old)
    hits = team_recusal(setting["team"])
    assert ("近期任职", RecusalRule.WORKED_AT) in {(h.person_name, h.rule) for h in hits}
    assert not any(h.person_name == "早年任职" for h in hits)
    [h] = [h for h in hits if h.person_name == "近期任职"]
    assert "市房管局保障科" in h.reason and "科长" in h.reason and h.is_blocking


def test_current_post_at_target_and_relative_at_target(setting):
    insider = setting["person"]("本单位人", org=setting["housing_sub"])
    kin = setting["person"]("有亲属")
    Relative.objects.create(person=kin, name="王某", kinship="spouse", organization=setting["housing"],
                            workplace="市房管局", post="副局长")
    setting["member"](insider)
    setting["member"](kin)
    rules = _rules(setting["team"])
    assert ("本单位人", RecusalRule.WORKED_AT) in rules
    assert ("有亲属", RecusalRule.RELATIVE_AT) in rules
    [h] = [h for h in team_recusal(setting["team"]) if h.rule == RecusalRule.RELATIVE_AT]
    assert "配偶王某" in h.reason


def test_tie_with_the_principal_leader_is_a_warning(setting):
    chief = setting["person"]("一把手", org=setting["housing"])
    WorkHistory.objects.create(person=chief, organization=setting["home"], organization_name="市纪委监委机关",
                               post="室主任", start=D(2008, 1, 1), end=D(2014, 1, 1))
    setting["housing"].principal_leader = chief
    setting["housing"].save()
    colleague = setting["person"]("老部下")
    WorkHistory.objects.create(person=colleague, organization=setting["home"], organization_name="市纪委监委机关",
                               post="科员", start=D(2010, 1, 1), end=None)
    setting["member"](colleague)
    [h] = team_recusal(setting["team"])
    assert h.rule == RecusalRule.LEADERSHIP_TIE and not h.is_blocking
    assert "一把手" in h.reason


def test_cross_inspection_excludes_own_region_and_hometown(setting):
    insp = setting["insp"]
    insp.is_cross = True
    insp.save()
    InspectionTarget.objects.filter(inspection=insp).update(organization=setting["county_housing"])
    local = setting["person"]("丑县干部", org=_org("丑县纪委", setting["county_b"]))
    native = setting["person"]("丑县籍", hometown_jurisdiction=setting["county_b"])
    elsewhere = setting["person"]("子县干部", org=_org("子县纪委", setting["county_a"]))
    for p in (local, native, elsewhere):
        setting["member"](p)
    rules = _rules(setting["team"])
    assert ("丑县干部", RecusalRule.FROM_REGION) in rules
    assert ("丑县籍", RecusalRule.FROM_REGION) in rules
    assert not any(name == "子县干部" for name, _ in rules)


def test_repeat_of_the_last_inspection_of_the_same_organisation(setting):
    veteran = setting["person"]("老巡察")
    earlier_round = Round.objects.create(term=setting["round"].term, number=2, name="第二轮", year=2017,
                                         planned_start=D(2017, 4, 1), planned_end=D(2017, 5, 1))
    earlier_team = Team.objects.create(round=earlier_round, number=1, name="第一巡察组",
                                       home_jurisdiction=setting["city"])
    TeamMembership.objects.create(team=earlier_team, person=veteran, role="member")
    earlier = Inspection.objects.create(round=earlier_round, team=earlier_team, code="R-old", inspection_type="routine",
                                        planned_entry=D(2017, 4, 1), planned_withdrawal=D(2017, 5, 1),
                                        stationed_on=D(2017, 4, 1))
    InspectionTarget.objects.create(inspection=earlier, organization=setting["housing"])
    setting["member"](veteran)
    assert _rules(setting["team"]) == {("老巡察", RecusalRule.REPEAT)}


def test_policy_per_jurisdiction_can_soften_or_switch_off_a_rule(setting):
    insider = setting["person"]("本单位人", org=setting["housing"])
    setting["member"](insider)
    RecusalPolicy.objects.create(jurisdiction=setting["city"], rule=RecusalRule.WORKED_AT, severity="warning")
    [h] = team_recusal(setting["team"])
    assert h.severity == "warning"
    RecusalPolicy.objects.filter(jurisdiction=setting["city"]).update(severity="off")
    assert team_recusal(setting["team"]) == []


def test_override_a_warning_with_a_reason_is_audited_and_resolves_it(setting):
    chief = setting["person"]("一把手", org=setting["housing"])
    WorkHistory.objects.create(person=chief, organization=setting["home"], organization_name="市纪委监委机关",
                               post="室主任", start=D(2008, 1, 1), end=D(2014, 1, 1))
    setting["housing"].principal_leader = chief
    setting["housing"].save()
    colleague = setting["person"]("老部下")
    WorkHistory.objects.create(person=colleague, organization=setting["home"], organization_name="市纪委监委机关",
                               post="科员", start=D(2010, 1, 1), end=None)
    membership = setting["member"](colleague)
    director = User.objects.create_user(username="director", password="x")
    staff = User.objects.create_user(username="staff", password="x")
    role_grant(actor=None, user=director, role=Role.OFFICE_DIRECTOR, jurisdiction=setting["city"])
    role_grant(actor=None, user=staff, role=Role.OFFICE_STAFF, jurisdiction=setting["city"])
    args = {"membership_id": membership.pk, "organization_id": setting["housing"].pk,
            "rule": RecusalRule.LEADERSHIP_TIE}
    assert len(standing_conflicts(setting["team"])) == 1
    with pytest.raises(CapabilityMissing):
        recusal_override_create(actor=staff, reason="工作需要，已了解无利害关系，同意保留。", **args)
    with pytest.raises(DomainError, match="保留理由"):
        recusal_override_create(actor=director, reason="同意", **args)
    recusal_override_create(actor=director, reason="二人共事时无直接隶属关系，经核实无利害关系，同意保留。", **args)
    assert standing_conflicts(setting["team"]) == []
    assert AuditEvent.objects.filter(action="recusal.override").count() == 1


def test_blocking_ground_cannot_be_overridden(setting):
    membership = setting["member"](setting["person"]("本单位人", org=setting["housing"]))
    director = User.objects.create_user(username="director", password="x")
    role_grant(actor=None, user=director, role=Role.OFFICE_DIRECTOR, jurisdiction=setting["city"])
    with pytest.raises(DomainError, match="必须回避"):
        recusal_override_create(actor=director, membership_id=membership.pk, organization_id=setting["housing"].pk,
                                rule=RecusalRule.WORKED_AT, reason="工作需要，确需保留该同志在组内。")
    assert len(standing_conflicts(setting["team"])) == 1


def test_team_check_uses_a_bounded_number_of_queries(setting, django_assert_max_num_queries):
    for i in range(12):
        p = setting["person"](f"成员{i}")
        WorkHistory.objects.create(person=p, organization=setting["home"], organization_name="市纪委监委机关",
                                   post="科员", start=D(2010, 1, 1), end=None)
        Relative.objects.create(person=p, name="亲属", kinship="parent", workplace="某地")
        setting["member"](p)
    with django_assert_max_num_queries(16):
        team_recusal(setting["team"])


def test_the_current_post_recorded_in_the_history_too_is_one_fact(setting):
    """The current post is also the open last entry of the work history: it is stated once, not twice."""
    insider = setting["person"]("本单位人", org=setting["housing"])
    WorkHistory.objects.create(person=insider, organization=setting["housing"], organization_name="市房管局",
                               post="干部", start=D(2015, 11, 1), end=None)
    WorkHistory.objects.create(person=insider, organization=setting["housing_sub"], organization_name="市房管局保障科",
                               post="科员", start=D(2010, 1, 1), end=D(2015, 10, 31))
    setting["member"](insider)
    reasons = [h.reason for h in team_recusal(setting["team"]) if h.rule == RecusalRule.WORKED_AT]
    assert len(reasons) == 2, reasons
    assert reasons[0].startswith("现在") and "市房管局保障科" in reasons[1]
