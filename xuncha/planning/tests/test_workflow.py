"""The inspection lifecycle: every (state, transition) pair, guards, capabilities, dates, records."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.http import Http404
from django.utils import timezone

from tests.factories_reports import give_artefacts
from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.inspections.models import (
    Inspection,
    InspectionTarget,
    MemberDeclaration,
    Round,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.services import inspection_apply_transition, inspection_available_transitions
from xuncha.inspections.states import TeamStatus
from xuncha.inspections.workflow import ORDER, TRANSITIONS, InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization, Person, WorkHistory

pytestmark = pytest.mark.django_db
_codes = itertools.count(1)


@pytest.fixture
def world():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    org = Organization.objects.create(name="中共甲市某局党组", short_name="某局", org_type="party_group",
                                      sector="party_government", jurisdiction=city)
    other = Organization.objects.create(name="中共甲市另局党组", short_name="另局", org_type="party_group",
                                        sector="party_government", jurisdiction=city)
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=datetime.date(2016, 10, 1),
                               end_date=datetime.date(2021, 9, 30))
    rnd = Round.objects.create(term=term, number=7, name="第七轮", year=2018,
                               planned_start=datetime.date(2018, 11, 1), planned_end=datetime.date(2018, 12, 10))
    team = Team.objects.create(round=rnd, number=3, name="第三巡察组", home_jurisdiction=city)
    leader_person = Person.objects.create(name="林组长", gender="M", birth_year=1968, organization=other,
                                          post="处长", rank="div_chief")
    member_person = Person.objects.create(name="周成员", gender="F", birth_year=1985, organization=other,
                                          post="科员")
    users = {name: User.objects.create_user(username=name, password="x") for name in
             ["director", "staff", "leader", "member", "liaison", "auditor"]}
    role_grant(actor=None, user=users["director"], role=Role.OFFICE_DIRECTOR, jurisdiction=city)
    role_grant(actor=None, user=users["staff"], role=Role.OFFICE_STAFF, jurisdiction=city)
    role_grant(actor=None, user=users["leader"], role=Role.TEAM_LEADER, team=team)
    role_grant(actor=None, user=users["member"], role=Role.TEAM_MEMBER, team=team)
    role_grant(actor=None, user=users["liaison"], role=Role.LIAISON, organization=org)
    role_grant(actor=None, user=users["auditor"], role=Role.SECURITY_AUDITOR, jurisdiction=city)

    def make(status: str = InspectionStatus.PLANNED, *, leader: bool = True, targets: bool = True) -> Inspection:
        insp = Inspection.objects.create(round=rnd, team=team, code=f"T-{next(_codes)}", inspection_type="routine",
                                         planned_entry=datetime.date(2018, 11, 1),
                                         planned_withdrawal=datetime.date(2018, 12, 10))
        if targets:
            InspectionTarget.objects.create(inspection=insp, organization=org)
        if leader and not team.memberships.filter(role="leader").exists():
            membership = TeamMembership.objects.create(team=team, person=leader_person, role="leader",
                                                       authorized_on=datetime.date(2018, 10, 20),
                                                       authorization_ref="洛巡组〔2018〕7号")
            for kind in ("recusal", "confidentiality"):
                MemberDeclaration.objects.create(membership=membership, kind=kind, signed_on=datetime.date(2018, 10, 25),
                                                 recorded_by=users["director"])
            Team.objects.filter(pk=team.pk).update(status=TeamStatus.FORMED)  # its composition confirmed
        index = ORDER.index(status)
        dates = {"stationed_on": datetime.date(2018, 11, 1), "withdrawn_on": datetime.date(2018, 12, 10),
                 "feedback_on": datetime.date(2019, 1, 18)}
        for field, min_state in [("stationed_on", "stationed"), ("withdrawn_on", "reporting"),
                                 ("feedback_on", "feedback")]:
            if index >= ORDER.index(min_state):
                setattr(insp, field, dates[field])
        insp.status = status
        insp.save()
        if targets and index >= ORDER.index("reporting"):
            # What 反馈 and 进入整改 ask for (xuncha/reports guards): the report, the meetings, the feedback.
            give_artefacts(insp, users["director"])
        return insp

    return {"users": users, "make": make, "team": team, "member_person": member_person, "org": org}


@pytest.mark.parametrize(("status", "name"), list(itertools.product(ORDER, TRANSITIONS)))
def test_every_state_and_transition_pair(world, status, name):
    """Each transition goes from its source states only; when it goes, a StatusChange and an audit row follow."""
    insp = world["make"](status)
    step = TRANSITIONS[name]
    director = world["users"]["director"]
    before = AuditEvent.objects.count()
    if status in step.source:
        result = inspection_apply_transition(actor=director, inspection_id=insp.pk, transition=name,
                                             on=datetime.date(2019, 2, 1) if name == "deliver_feedback" else None)
        assert result.status == step.target
        change = StatusChange.for_object(insp).get()
        assert (change.old_status, change.new_status, change.actor) == (status, step.target, director)
        assert AuditEvent.objects.count() == before + 1
        assert AuditEvent.objects.latest("id").action == "inspection.transition"
    else:
        with pytest.raises(TransitionNotAllowed):
            inspection_apply_transition(actor=director, inspection_id=insp.pk, transition=name)
        insp.refresh_from_db()
        assert insp.status == status
        assert not StatusChange.for_object(insp).exists()


def test_station_requires_team_leader_and_targets(world):
    insp = world["make"]("preparing", leader=False, targets=False)
    director = world["users"]["director"]
    with pytest.raises(TransitionNotAllowed) as exc:
        inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="station")
    assert "被巡察党组织" in exc.value.message and "组长" in exc.value.message


def test_station_requires_authorisation_declarations_and_no_recusal_conflict(world):
    insp = world["make"]("preparing")
    director = world["users"]["director"]
    member = TeamMembership.objects.create(team=world["team"], person=world["member_person"], role="member")
    with pytest.raises(TransitionNotAllowed, match="周成员：回避申请书"):
        inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="station")
    for kind in ("recusal", "confidentiality"):
        MemberDeclaration.objects.create(membership=member, kind=kind, signed_on=datetime.date(2018, 10, 25),
                                         recorded_by=director)
    WorkHistory.objects.create(person=world["member_person"], organization=world["org"], organization_name="某局",
                               post="科员", start=datetime.date(2015, 1, 1), end=None)
    with pytest.raises(TransitionNotAllowed, match="回避情形"):
        inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="station")
    member.delete()
    TeamMembership.objects.filter(team=world["team"], role="leader").update(authorized_on=None)
    with pytest.raises(TransitionNotAllowed, match="尚未授权"):
        inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="station")
    TeamMembership.objects.filter(team=world["team"], role="leader").update(authorized_on=datetime.date(2018, 10, 20))
    assert inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="station").status == "stationed"


def test_available_transitions_show_blockers(world):
    insp = world["make"]("preparing", leader=False)
    [step] = inspection_available_transitions(world["users"]["director"], insp)
    assert step.name == "station"
    assert any("组长" in b for b in step.blockers)


def test_team_member_sees_but_may_not_withdraw(world):
    insp = world["make"]("stationed")
    with pytest.raises(CapabilityMissing):
        inspection_apply_transition(actor=world["users"]["member"], inspection_id=insp.pk, transition="withdraw")
    done = inspection_apply_transition(actor=world["users"]["leader"], inspection_id=insp.pk, transition="withdraw",
                                       on=datetime.date(2018, 12, 10))
    assert done.status == "reporting" and done.withdrawn_on == datetime.date(2018, 12, 10)


def test_liaison_cannot_move_their_inspection_and_admins_cannot_see_it(world):
    insp = world["make"]("stationed")
    with pytest.raises(CapabilityMissing):
        inspection_apply_transition(actor=world["users"]["liaison"], inspection_id=insp.pk, transition="withdraw")
    with pytest.raises(Http404):
        inspection_apply_transition(actor=world["users"]["auditor"], inspection_id=insp.pk, transition="withdraw")


def test_team_leader_may_not_deliver_feedback(world):
    insp = world["make"]("reporting")
    with pytest.raises(CapabilityMissing):
        inspection_apply_transition(actor=world["users"]["leader"], inspection_id=insp.pk,
                                    transition="deliver_feedback")


def test_dates_keep_their_order_and_are_not_in_the_future(world):
    insp = world["make"]("stationed")
    director = world["users"]["director"]
    with pytest.raises(DomainError, match="不能早于进驻日期"):
        inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="withdraw",
                                    on=datetime.date(2018, 10, 1))
    with pytest.raises(DomainError, match="不能晚于今天"):
        inspection_apply_transition(actor=director, inspection_id=insp.pk, transition="withdraw",
                                    on=timezone.localdate() + datetime.timedelta(days=1))
    insp.refresh_from_db()
    assert insp.status == "stationed" and insp.withdrawn_on is None


def test_unknown_transition_is_refused(world):
    insp = world["make"]("planned")
    with pytest.raises(TransitionNotAllowed):
        inspection_apply_transition(actor=world["users"]["director"], inspection_id=insp.pk, transition="teleport")


def test_office_staff_may_not_archive(world):
    insp = world["make"]("evaluating")
    with pytest.raises(CapabilityMissing):
        inspection_apply_transition(actor=world["users"]["staff"], inspection_id=insp.pk, transition="archive")
