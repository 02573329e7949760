"""Role grants: separation of duties and no self-service, whatever page or endpoint asks."""

from __future__ import annotations

import datetime

import pytest

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant, role_revoke
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.orgs.models import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")


def test_an_administrator_role_is_held_alone(city):
    user = User.objects.create_user(username="u", password="x")
    role_grant(actor=None, user=user, role=Role.SYSTEM_ADMIN, jurisdiction=city)
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=None, user=user, role=Role.SECURITY_AUDITOR, jurisdiction=city)
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=None, user=user, role=Role.OFFICE_STAFF, jurisdiction=city)
    other = User.objects.create_user(username="v", password="x")
    role_grant(actor=None, user=other, role=Role.OFFICE_STAFF, jurisdiction=city)
    role_grant(actor=None, user=other, role=Role.LEADING_GROUP, jurisdiction=city)  # business roles combine
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=None, user=other, role=Role.SECURITY_ADMIN, jurisdiction=city)


def test_nobody_grants_or_revokes_their_own_roles(city):
    admin = User.objects.create_user(username="sec", password="x")
    own = role_grant(actor=None, user=admin, role=Role.SECURITY_ADMIN, jurisdiction=city)
    with pytest.raises(CapabilityMissing):
        role_grant(actor=admin, user=admin, role=Role.SECURITY_ADMIN, jurisdiction=city)
    with pytest.raises(CapabilityMissing):
        role_revoke(actor=admin, assignment=own)


def test_lock_out_is_audited(client, city):
    from xuncha.audit.models import AuditEvent

    User.objects.create_user(username="target", password="right-password-1")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="target").exists()


# ---- Team roles follow the roster ------------------------------------------------------------------------------


@pytest.fixture
def roster(city):
    """第三组 of a round inspecting 市工商联, with a leader, a deputy and a member on its roster, a security
    administrator and an office staff member."""
    from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
    from xuncha.orgs.models import Organization, Person

    d = datetime.date
    target = Organization.objects.create(name="中共甲市工商联党组", short_name="市工商联", org_type="party_group",
                                         sector="party_government", jurisdiction=city)
    home = Organization.objects.create(name="中共甲市纪委", short_name="市纪委", org_type="party_group",
                                       sector="party_government", jurisdiction=city)
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=d(2016, 10, 1),
                               end_date=d(2021, 9, 30))
    rnd = Round.objects.create(term=term, number=7, name="第七轮", year=2018, planned_start=d(2018, 11, 1),
                               planned_end=d(2018, 12, 10))
    team = Team.objects.create(round=rnd, number=3, name="第三巡察组", home_jurisdiction=city)
    insp = Inspection.objects.create(round=rnd, team=team, code="R-3", inspection_type="routine",
                                     planned_entry=d(2018, 11, 1), planned_withdrawal=d(2018, 12, 10))
    InspectionTarget.objects.create(inspection=insp, organization=target)
    seats = {}
    for name, role in (("组长甲", "leader"), ("副组长乙", "deputy_leader"), ("组员丙", "member")):
        person = Person.objects.create(name=name, gender="M", birth_year=1975, organization=home, post="干部")
        seats[role] = TeamMembership.objects.create(team=team, person=person, role=role)
    secadmin = User.objects.create_user(username="secadmin", password="x")
    role_grant(actor=None, user=secadmin, role=Role.SECURITY_ADMIN, jurisdiction=city)
    office = User.objects.create_user(username="office", password="x")
    role_grant(actor=None, user=office, role=Role.OFFICE_STAFF, jurisdiction=city)
    return {"team": team, "insp": insp, "seats": seats, "secadmin": secadmin, "office": office, "target": target,
            "home": home}


def _account(username, membership=None):
    return User.objects.create_user(username=username, password="x",
                                    person=membership.person if membership else None)


def test_a_team_role_needs_a_linked_cadre_on_that_teams_roster(roster):
    grant = {"actor": roster["secadmin"], "team": roster["team"]}
    with pytest.raises(DomainError, match="未关联干部"):
        role_grant(user=_account("nobody"), role=Role.TEAM_LEADER, **grant)
    from xuncha.orgs.models import Person

    stranger = Person.objects.create(name="局外人", gender="M", birth_year=1980, organization=roster["home"],
                                     post="干部")
    with pytest.raises(DomainError, match="不在第三巡察组的成员名单上"):
        role_grant(user=User.objects.create_user(username="stranger", password="x", person=stranger),
                   role=Role.TEAM_MEMBER, **grant)
    assert not RoleAssignment.objects.filter(role__in=[Role.TEAM_LEADER, Role.TEAM_MEMBER]).exists()


def test_the_leader_and_deputy_roles_follow_the_place_on_the_team(roster):
    grant = {"actor": roster["secadmin"], "team": roster["team"]}
    member = _account("member", roster["seats"]["member"])
    with pytest.raises(DomainError, match="任成员，不能授予“巡察组组长”"):
        role_grant(user=member, role=Role.TEAM_LEADER, **grant)
    deputy = _account("deputy", roster["seats"]["deputy_leader"])
    with pytest.raises(DomainError, match="任副组长"):
        role_grant(user=deputy, role=Role.TEAM_LEADER, **grant)
    role_grant(user=deputy, role=Role.TEAM_DEPUTY, **grant)
    role_grant(user=_account("leader", roster["seats"]["leader"]), role=Role.TEAM_LEADER, **grant)
    role_grant(user=member, role=Role.TEAM_MEMBER, **grant)
    assert RoleAssignment.objects.active().filter(team=roster["team"]).count() == 3


def test_a_team_role_is_refused_while_a_recusal_ground_stands(roster):
    from xuncha.inspections.recusal import recusal_override_create
    from xuncha.orgs.models import WorkHistory
    from xuncha.rules.models import RecusalPolicy, RecusalRule

    membership = roster["seats"]["member"]
    WorkHistory.objects.create(person=membership.person, organization=roster["target"], organization_name="市工商联",
                               post="科长", start=datetime.date(2015, 1, 1), end=datetime.date(2017, 1, 1))
    user = _account("member", membership)
    grant = {"actor": roster["secadmin"], "user": user, "role": Role.TEAM_MEMBER, "team": roster["team"]}
    with pytest.raises(DomainError, match=r"必须回避.*市工商联"):
        role_grant(**grant)
    RecusalPolicy.objects.create(jurisdiction=roster["team"].round.jurisdiction, rule=RecusalRule.WORKED_AT,
                                 severity="warning")
    with pytest.raises(DomainError, match="尚未决定的回避提示"):
        role_grant(**grant)
    director = User.objects.create_user(username="director", password="x")
    role_grant(actor=None, user=director, role=Role.OFFICE_DIRECTOR, jurisdiction=roster["team"].round.jurisdiction)
    recusal_override_create(actor=director, membership_id=membership.pk, organization_id=roster["target"].pk,
                            rule=RecusalRule.WORKED_AT, reason="任职已满一年且岗位无关，经核实同意保留。")
    assert role_grant(**grant).is_active


def test_a_team_that_has_withdrawn_needs_the_directors_written_reason(roster):
    from xuncha.audit.models import AuditEvent
    from xuncha.inspections.models import Inspection

    Inspection.objects.filter(pk=roster["insp"].pk).update(status="rectifying")
    grant = {"actor": roster["secadmin"], "user": _account("leader", roster["seats"]["leader"]),
             "role": Role.TEAM_LEADER, "team": roster["team"]}
    with pytest.raises(DomainError, match=r"已撤驻.*巡察办主任书面说明的理由"):
        role_grant(**grant)
    with pytest.raises(DomainError, match="已撤驻"):
        role_grant(reason="需要", **grant)
    reason = "组长需查阅整改台账，经巡察办主任同意。"
    assignment = role_grant(reason=reason, **grant)
    event = AuditEvent.objects.get(action="role.grant", result="success", object_id=str(assignment.pk))
    assert reason in event.details and "R-3" in event.details


def test_leaving_the_roster_ends_the_team_role_and_is_audited(roster):
    from xuncha.audit.models import AuditEvent
    from xuncha.planning.teams import team_member_remove

    membership = roster["seats"]["member"]
    user = _account("member", membership)
    assignment = role_grant(actor=roster["secadmin"], user=user, role=Role.TEAM_MEMBER, team=roster["team"])
    team_member_remove(actor=roster["office"], membership_id=membership.pk)
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert AuditEvent.objects.filter(action="role.end", object_id=str(assignment.pk),
                                     actor_username="office").exists()
