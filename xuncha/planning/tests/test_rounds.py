"""Planning a round: creating it, choosing targets not yet covered, grouping them, copying a round."""

from __future__ import annotations

import datetime
import json

import pytest
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import DomainError
from xuncha.inspections.models import Inspection, Round, Team, TeamMembership, Term
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.planning.models import WorkPlan
from xuncha.planning.rounds import (
    inspection_create,
    inspection_team_set,
    round_copy_as_draft,
    round_create,
    round_date_warnings,
    target_candidates,
)
from xuncha.rules.models import RecusalPolicy, RecusalRule

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    other_city = Jurisdiction.objects.create(name="乙市", committee_name="中共乙市委", level="city",
                                             division_code="990200")
    orgs = [Organization.objects.create(name=f"党组{i}", short_name=f"第{i}局", org_type="party_group",
                                        sector="party_government", jurisdiction=city, staff_size=20 * i)
            for i in range(1, 5)]
    foreign = Organization.objects.create(name="外市", short_name="外市局", org_type="party_group",
                                          sector="party_government", jurisdiction=other_city)
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=D(2016, 10, 1),
                               end_date=D(2021, 9, 30))
    office = User.objects.create_user(username="office", password="x")
    role_grant(actor=None, user=office, role=Role.OFFICE_STAFF, jurisdiction=city)
    member = User.objects.create_user(username="member", password="x")
    return {"city": city, "orgs": orgs, "foreign": foreign, "term": term, "office": office, "member": member}


def test_round_create_validates_dates_and_numbers(plan):
    args = {"actor": plan["office"], "term_id": plan["term"].pk, "name": ""}
    rnd = round_create(number=8, planned_start=D(2019, 3, 1), planned_end=D(2019, 4, 10), **args)
    assert rnd.name == "十一届第8轮巡察"
    assert rnd.focus_framework is not None and rnd.focus_framework.code == "F2018"
    with pytest.raises(DomainError, match="已有第8轮"):
        round_create(number=8, planned_start=D(2019, 3, 1), planned_end=D(2019, 4, 10), **args)
    with pytest.raises(DomainError, match="任期内"):
        round_create(number=9, planned_start=D(2022, 3, 1), planned_end=D(2022, 4, 10), **args)
    with pytest.raises(Http404):  # a team member of another term does not see this term at all
        round_create(number=9, planned_start=D(2019, 9, 1), planned_end=D(2019, 10, 1), actor=plan["member"],
                     term_id=plan["term"].pk, name="")


def test_round_dates_are_checked_against_the_term_and_the_other_rounds(plan):
    args = {"actor": plan["office"], "term_id": plan["term"].pk, "name": ""}
    round_create(number=1, planned_start=D(2017, 3, 1), planned_end=D(2017, 4, 10), **args)
    seventh = round_create(number=7, planned_start=D(2018, 11, 1), planned_end=D(2018, 12, 10), **args)
    assert round_date_warnings(seventh) == []
    # A five-day round dated before round 1 cannot be numbered after it.
    with pytest.raises(DomainError, match="早于第7轮") as refused:
        round_create(number=8, planned_start=D(2016, 12, 1), planned_end=D(2016, 12, 5), **args)
    assert set(refused.value.fields) == {"number"}
    with pytest.raises(DomainError, match="晚于第7轮"):
        round_create(number=5, planned_start=D(2019, 1, 7), planned_end=D(2019, 2, 7), **args)
    with pytest.raises(DomainError, match="计划撤驻时间应在本届任期内"):
        round_create(number=9, planned_start=D(2021, 9, 1), planned_end=D(2021, 10, 30), **args)
    assert list(Round.objects.filter(term=plan["term"]).values_list("number", flat=True).order_by("number")) == [1, 7]
    # Overlapping round 7 is allowed, with a warning naming it.
    eighth = round_create(number=8, planned_start=D(2018, 12, 1), planned_end=D(2019, 1, 10), **args)
    assert round_date_warnings(eighth) == ["与第7轮（2018-11-01—2018-12-10）时间重叠，请确认巡察力量是否够用。"]
    assert round_date_warnings(seventh) == ["与第8轮（2018-12-01—2019-01-10）时间重叠，请确认巡察力量是否够用。"]


def test_targets_come_from_the_uncovered_and_cannot_be_planned_twice(plan):
    rnd = round_create(actor=plan["office"], term_id=plan["term"].pk, number=1, name="", planned_start=D(2017, 3, 1),
                       planned_end=D(2017, 4, 10))
    team = Team.objects.create(round=rnd, number=1, name="第一巡察组", home_jurisdiction=plan["city"])
    first, second = plan["orgs"][0], plan["orgs"][1]
    insp = inspection_create(actor=plan["office"], round_id=rnd.pk, team_id=team.pk, inspection_type="routine",
                             organization_ids=[first.pk, second.pk])
    assert insp.code == "11-1-01" and insp.targets.count() == 2
    remaining = set(target_candidates(plan["term"]))
    assert first not in remaining and plan["orgs"][2] in remaining
    assert set(target_candidates(plan["term"], min_staff=70)) == {plan["orgs"][3]}
    with pytest.raises(DomainError, match="不能重复安排"):
        inspection_create(actor=plan["office"], round_id=rnd.pk, team_id=None, inspection_type="routine",
                          organization_ids=[first.pk])
    with pytest.raises(DomainError, match="巡察范围"):
        inspection_create(actor=plan["office"], round_id=rnd.pk, team_id=None, inspection_type="routine",
                          organization_ids=[plan["foreign"].pk])
    with pytest.raises(DomainError, match="专项主题"):
        inspection_create(actor=plan["office"], round_id=rnd.pk, team_id=None, inspection_type="special",
                          organization_ids=[plan["orgs"][2].pk])


def test_extended_inspection_extends_from_the_managing_body_or_stands_alone(plan):
    rnd = round_create(actor=plan["office"], term_id=plan["term"].pk, number=7, name="", planned_start=D(2018, 11, 1),
                       planned_end=D(2018, 12, 10))
    manager, other = plan["orgs"][0], plan["orgs"][1]
    branch = Organization.objects.create(name="党组1下属中心支部", short_name="第1局中心", org_type="branch",
                                         sector="public_institution", jurisdiction=plan["city"], parent=manager)
    args = {"actor": plan["office"], "round_id": rnd.pk, "team_id": None}
    of_manager = inspection_create(inspection_type="routine", organization_ids=[manager.pk], **args)
    of_other = inspection_create(inspection_type="routine", organization_ids=[other.pk], **args)
    with pytest.raises(DomainError, match="第1局中心不归11-7-02的被巡察党组织管理") as refused:
        inspection_create(inspection_type="extended", organization_ids=[branch.pk],
                          parent_inspection_id=of_other.pk, **args)
    assert set(refused.value.fields) == {"parent_inspection"}
    with pytest.raises(DomainError, match="只有延伸巡察"):
        inspection_create(inspection_type="routine", organization_ids=[branch.pk],
                          parent_inspection_id=of_manager.pk, **args)
    extended = inspection_create(inspection_type="extended", organization_ids=[branch.pk],
                                 parent_inspection_id=of_manager.pk, **args)
    assert extended.parent_inspection == of_manager
    extended.delete()
    alone = inspection_create(inspection_type="extended", organization_ids=[branch.pk], **args)
    assert alone.parent_inspection is None


def test_copy_round_as_draft_of_the_next(plan):
    rnd = round_create(actor=plan["office"], term_id=plan["term"].pk, number=7, name="", planned_start=D(2018, 11, 1),
                       planned_end=D(2018, 12, 10), focus_notes="六个围绕、一个加强")
    Team.objects.create(round=rnd, number=3, name="第三巡察组", home_jurisdiction=plan["city"])
    WorkPlan.objects.create(round=rnd, version=2, focus="重点", schedule="安排", created_by=plan["office"])
    new = round_copy_as_draft(actor=plan["office"], round_id=rnd.pk, planned_start=D(2019, 3, 1),
                              planned_end=D(2019, 4, 10))
    assert new.number == 8 and new.focus_notes == "六个围绕、一个加强"
    assert list(new.teams.values_list("name", flat=True)) == ["第三巡察组"]
    assert not new.teams.get().memberships.exists()
    assert new.work_plans.get().version == 1
    assert Round.objects.filter(term=plan["term"]).count() == 2


def _teamless(plan):
    """A round with two teams and an inspection of 第一局 planned without a team (巡察组“暂不指定”)."""
    rnd = round_create(actor=plan["office"], term_id=plan["term"].pk, number=10, name="", planned_start=D(2019, 3, 1),
                       planned_end=D(2019, 4, 10))
    teams = [Team.objects.create(round=rnd, number=n, name=f"第{n}巡察组", home_jurisdiction=plan["city"])
             for n in (1, 2)]
    insp = inspection_create(actor=plan["office"], round_id=rnd.pk, team_id=None, inspection_type="routine",
                             organization_ids=[plan["orgs"][0].pk, plan["orgs"][1].pk])
    return rnd, teams, insp


def _on_team(team, name, org, role="member"):
    person = Person.objects.create(name=name, gender="M", birth_year=1975, organization=org, post="科长")
    return TeamMembership.objects.create(team=team, person=person, role=role)


def test_a_team_is_attached_changed_and_removed_before_stationing_and_audited(plan):
    _rnd, (first, second), insp = _teamless(plan)
    changed = inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=first.pk)
    assert changed.warnings == [] and Inspection.objects.get(pk=insp.pk).team == first
    inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=second.pk)
    assert Inspection.objects.get(pk=insp.pk).team == second
    inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=None)
    assert Inspection.objects.get(pk=insp.pk).team is None
    events = AuditEvent.objects.filter(action="inspection.team_set", object_id=str(insp.pk)).order_by("pk")
    assert [(json.loads(e.details)["from"], json.loads(e.details)["to"]) for e in events] == [
        (None, first.pk), (first.pk, second.pk), (second.pk, None)]
    with pytest.raises(DomainError, match="尚未指定"):
        inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=None)
    with pytest.raises(Http404):  # a member of another team does not see this inspection at all
        inspection_team_set(actor=plan["member"], inspection_id=insp.pk, team_id=first.pk)
    other_round = round_create(actor=plan["office"], term_id=plan["term"].pk, number=11, name="",
                               planned_start=D(2019, 9, 1), planned_end=D(2019, 10, 10))
    foreign_team = Team.objects.create(round=other_round, number=1, name="别轮一组", home_jurisdiction=plan["city"])
    with pytest.raises(DomainError, match="不属于本轮"):
        inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=foreign_team.pk)


def test_the_new_team_is_checked_for_recusal_blocking_refuses_warnings_come_back(plan):
    _rnd, (first, _second), insp = _teamless(plan)
    _on_team(first, "本单位人", plan["orgs"][0])  # works at a target: must recuse (blocking by default)
    with pytest.raises(DomainError, match=r"必须回避.*本单位人"):
        inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=first.pk)
    assert Inspection.objects.get(pk=insp.pk).team is None
    assert not AuditEvent.objects.filter(action="inspection.team_set").exists()
    RecusalPolicy.objects.create(jurisdiction=plan["city"], rule=RecusalRule.WORKED_AT, severity="warning")
    changed = inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=first.pk)
    assert [(h.person_name, h.rule) for h in changed.warnings] == [("本单位人", RecusalRule.WORKED_AT)]
    assert Inspection.objects.get(pk=insp.pk).team == first


def test_the_team_cannot_change_once_stationed(plan):
    _rnd, (first, second), insp = _teamless(plan)
    inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=first.pk)
    Inspection.objects.filter(pk=insp.pk).update(status="stationed")
    with pytest.raises(DomainError, match="不能再更换巡察组"):
        inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=second.pk)
    with pytest.raises(DomainError, match="不能再更换巡察组"):
        inspection_team_set(actor=plan["office"], inspection_id=insp.pk, team_id=None)
    assert Inspection.objects.get(pk=insp.pk).team == first
