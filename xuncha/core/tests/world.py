"""A small world for the sign-in, work-page, administration and audit tests (imported by the conftests of core,
accounts and audit): a city with a county, a second city outside everyone's scope, organisations, one round
with two teams and inspections in several phases (one of them 1托2), and one user per persona, granted through
``role_grant`` as the product does."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.inspections.workflow import InspectionStatus as S
from xuncha.orgs.models import Jurisdiction, Organization, Person

PASSWORD = "Xc-test-Passw0rd"


@dataclass
class World:
    city: Jurisdiction
    county: Jurisdiction
    other_city: Jurisdiction
    org_a: Organization
    org_b: Organization
    org_county: Organization
    org_other: Organization
    person_free: Person
    person_other: Person
    term: Term
    round: Round
    team_a: Team
    team_b: Team
    stationed: Inspection
    feedback: Inspection
    shared: Inspection
    planned: Inspection
    users: dict[str, User] = field(default_factory=dict)


def _jurisdiction(name: str, code: str, level: str, parent: Jurisdiction | None = None) -> Jurisdiction:
    return Jurisdiction.objects.create(name=name, committee_name=f"中共{name}委员会", level=level,
                                       division_code=code, parent=parent)


def _org(name: str, short: str, jurisdiction: Jurisdiction) -> Organization:
    return Organization.objects.create(name=name, short_name=short, org_type="party_group",
                                       sector="party_government", jurisdiction=jurisdiction, staff_size=40)


def _person(name: str, org: Organization) -> Person:
    return Person.objects.create(name=name, gender="M", birth_year=1975, organization=org, post="科员")


def build_world() -> World:
    today = timezone.localdate()
    city = _jurisdiction("江城市", "420100", "city")
    county = _jurisdiction("东湖县", "420101", "county", parent=city)
    other_city = _jurisdiction("河口市", "430100", "city")
    org_a = _org("中共江城市工商业联合会党组", "市工商联", city)
    org_b = _org("中共江城市住房和城乡建设局党组", "市住建局", city)
    org_county = _org("中共东湖县教育局党组", "县教育局", county)
    org_other = _org("中共河口市财政局党组", "河口财政局", other_city)
    leader_person, member_person = _person("赵组长", org_b), _person("孙组员", org_b)
    person_free = _person("周自由", org_a)
    person_other = _person("吴外市", org_other)

    term = Term.objects.create(jurisdiction=city, number=12, name="第十二届",
                               start_date=today - datetime.timedelta(days=700),
                               end_date=today + datetime.timedelta(days=1100))
    rnd = Round.objects.create(term=term, number=3, name="十二届市委第三轮巡察", year=today.year,
                               planned_start=today - datetime.timedelta(days=20),
                               planned_end=today + datetime.timedelta(days=20))
    team_a = Team.objects.create(round=rnd, number=1, name="市委第一巡察组", home_jurisdiction=city)
    team_b = Team.objects.create(round=rnd, number=2, name="市委第二巡察组", home_jurisdiction=city)
    TeamMembership.objects.create(team=team_a, person=leader_person, role="leader", order=1)
    TeamMembership.objects.create(team=team_a, person=member_person, role="member", order=2)

    def inspection(code: str, team: Team, orgs: list[Organization], status: str, **extra: Any) -> Inspection:
        obj = Inspection.objects.create(
            round=rnd, team=team, code=code, inspection_type="routine", status=status,
            planned_entry=today - datetime.timedelta(days=20), planned_withdrawal=today + datetime.timedelta(days=10),
            **extra)
        for org in orgs:
            InspectionTarget.objects.create(inspection=obj, organization=org)
        return obj

    world = World(
        city=city, county=county, other_city=other_city, org_a=org_a, org_b=org_b, org_county=org_county,
        org_other=org_other, person_free=person_free, person_other=person_other, term=term, round=rnd,
        team_a=team_a, team_b=team_b,
        stationed=inspection("JC-S-01", team_a, [org_a], S.STATIONED,
                             stationed_on=today - datetime.timedelta(days=18)),
        feedback=inspection("JC-F-02", team_b, [org_b], S.FEEDBACK, stationed_on=today - datetime.timedelta(days=90),
                            withdrawn_on=today - datetime.timedelta(days=60),
                            feedback_on=today - datetime.timedelta(days=12)),
        shared=inspection("JC-P-03", team_a, [org_a, org_b], S.PREPARING),
        planned=inspection("JC-N-04", team_b, [org_a], S.PLANNED),
    )
    personas: dict[str, tuple[str, dict[str, Any]]] = {
        "office_staff": (Role.OFFICE_STAFF, {"jurisdiction": city}),
        "office_director": (Role.OFFICE_DIRECTOR, {"jurisdiction": city}),
        "leading_group": (Role.LEADING_GROUP, {"jurisdiction": city}),
        "cdi": (Role.DISCIPLINE_COMMISSION, {"jurisdiction": city}),
        "orgdept": (Role.ORG_DEPARTMENT, {"jurisdiction": city}),
        "leader_a": (Role.TEAM_LEADER, {"team": team_a}),
        "member_b": (Role.TEAM_MEMBER, {"team": team_b}),
        "liaison_a": (Role.LIAISON, {"organization": org_a}),
        "liaison_b": (Role.LIAISON, {"organization": org_b}),
        "system_admin": (Role.SYSTEM_ADMIN, {"jurisdiction": city}),
        "security_admin": (Role.SECURITY_ADMIN, {"jurisdiction": city}),
        "security_auditor": (Role.SECURITY_AUDITOR, {"jurisdiction": city}),
        "other_admin": (Role.SYSTEM_ADMIN, {"jurisdiction": other_city}),
        "other_staff": (Role.OFFICE_STAFF, {"jurisdiction": other_city}),
    }
    for username, (role, scope) in personas.items():
        user = User.objects.create_user(username=username, password=PASSWORD, display_name=f"{username}姓名")
        role_grant(actor=None, user=user, role=role, **scope)
        world.users[username] = user
    world.users["outsider"] = User.objects.create_user(username="outsider", password=PASSWORD)
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def login(client: Client, world: World) -> Any:
    """``login("leader_a")`` → the test client signed in as that persona."""

    def sign_in(username: str) -> Client:
        client.force_login(world.users[username])
        return client

    return sign_in
