"""A small world for the page tests of planning (also imported by the orgs page tests): a city with two
counties, organisations of the city and of a county, two teams of one city round with an inspection each,
and one user per persona, granted through ``role_grant`` as the product does."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, WorkHistory
from xuncha.planning.tests.support import ready_for_stationing
from xuncha.rules.models import RecusalPolicy, TimeLimits


@dataclass
class World:
    city: Jurisdiction
    county: Jurisdiction
    county_b: Jurisdiction
    org_a: Organization
    org_a_branch: Organization
    org_b: Organization
    org_county: Organization
    person_a: Person
    person_b: Person
    person_county: Person
    leader_a_person: Person
    member_a_person: Person
    term: Term
    round: Round
    team_a: Team
    team_b: Team
    inspection_a: Inspection
    inspection_b: Inspection
    inspection_planned: Inspection
    users: dict[str, User] = field(default_factory=dict)


def _jurisdiction(name: str, code: str, level: str, parent: Jurisdiction | None = None) -> Jurisdiction:
    return Jurisdiction.objects.create(name=name, committee_name=f"中共{name}委员会", level=level,
                                       division_code=code, parent=parent)


def _org(name: str, short: str, jurisdiction: Jurisdiction, parent: Organization | None = None,
         **extra: Any) -> Organization:
    return Organization.objects.create(name=name, short_name=short, org_type=extra.pop("org_type", "party_group"),
                                       sector=extra.pop("sector", "party_government"), jurisdiction=jurisdiction,
                                       parent=parent, staff_size=extra.pop("staff_size", 40), **extra)


def _person(name: str, org: Organization, **extra: Any) -> Person:
    return Person.objects.create(name=name, gender=extra.pop("gender", "M"), birth_year=1975, organization=org,
                                 post=extra.pop("post", "科员"), **extra)


def build_world() -> World:
    city = _jurisdiction("江城市", "420100", "city")
    county = _jurisdiction("东湖县", "420101", "county", parent=city)
    county_b = _jurisdiction("西山县", "420102", "county", parent=city)
    TimeLimits.objects.create(jurisdiction=city, fieldwork_days_routine=35)
    # inspection_a is flagged 异地交叉 for display; its city team would otherwise be recused by region.
    RecusalPolicy.objects.create(jurisdiction=city, rule="from_region", severity="off")
    org_a = _org("中共江城市工商业联合会党组", "市工商联", city)
    # A branch marked to be inspected in its own right, so that it stands as a unit of its own (coverage rule).
    org_a_branch = _org("江城市工商联机关党支部", "工商联机关支部", city, parent=org_a, org_type="branch",
                        inspected_separately=True)
    org_b = _org("中共江城市住房和城乡建设局党组", "市住建局", city)
    org_county = _org("中共东湖县教育局党组", "县教育局", county, sector="education")
    person_a = _person("张明", org_a, post="党组书记", rank="div_chief", id_number="420101197501011234",
                       phone="13800001234", hometown="东湖县", hometown_jurisdiction=county)
    WorkHistory.objects.create(person=person_a, organization=org_b, organization_name="市住建局", post="副局长",
                               start=datetime.date(2012, 3, 1), end=datetime.date(2018, 6, 30))
    Relative.objects.create(person=person_a, name="张华", kinship="spouse", workplace="东湖县人民医院", post="医师")
    person_b = _person("李强", org_b)
    person_county = _person("王芳", org_county, gender="F")
    leader_a_person, leader_b_person = _person("赵组长", org_b, post="二级巡视员"), _person("钱组长", org_a)
    member_a_person = _person("孙组员", org_b)

    term = Term.objects.create(jurisdiction=city, number=12, name="第十二届",
                               start_date=datetime.date(2021, 9, 1), end_date=datetime.date(2026, 8, 31))
    rnd = Round.objects.create(term=term, number=3, name="十二届市委第三轮巡察", year=2024,
                               planned_start=datetime.date(2024, 3, 1), planned_end=datetime.date(2024, 4, 30),
                               focus_notes="聚焦“六个围绕、一个加强”。")
    team_a = Team.objects.create(round=rnd, number=1, name="市委第一巡察组", home_jurisdiction=city)
    team_b = Team.objects.create(round=rnd, number=2, name="市委第二巡察组", home_jurisdiction=county)
    TeamMembership.objects.create(team=team_a, person=leader_a_person, role="leader", order=1)
    TeamMembership.objects.create(team=team_a, person=member_a_person, role="member", order=2)
    TeamMembership.objects.create(team=team_b, person=leader_b_person, role="leader", order=1)

    def inspection(code: str, team: Team, org: Organization, status: str, **extra: Any) -> Inspection:
        obj = Inspection.objects.create(
            round=rnd, team=team, code=code, inspection_type=extra.pop("inspection_type", "routine"), status=status,
            planned_entry=datetime.date(2024, 3, 1), planned_withdrawal=datetime.date(2024, 3, 31), **extra)
        InspectionTarget.objects.create(inspection=obj, organization=org)
        return obj

    world = World(
        city=city, county=county, county_b=county_b, org_a=org_a, org_a_branch=org_a_branch, org_b=org_b,
        org_county=org_county, person_a=person_a, person_b=person_b, person_county=person_county,
        leader_a_person=leader_a_person, member_a_person=member_a_person, term=term, round=rnd,
        team_a=team_a, team_b=team_b,
        inspection_a=inspection("JC-2024-3-01", team_a, org_a, InspectionStatus.PREPARING, is_cross=True),
        inspection_b=inspection("JC-2024-3-02", team_b, org_b, InspectionStatus.PREPARING, is_linked=True),
        inspection_planned=inspection("JC-2024-3-03", team_a, org_b, InspectionStatus.PLANNED,
                                      inspection_type="special", special_topic="公租房"),
    )
    personas: dict[str, tuple[str, dict[str, Any]]] = {
        "office_staff": (Role.OFFICE_STAFF, {"jurisdiction": city}),
        "office_director": (Role.OFFICE_DIRECTOR, {"jurisdiction": city}),
        "leading_group": (Role.LEADING_GROUP, {"jurisdiction": city}),
        "cdi": (Role.DISCIPLINE_COMMISSION, {"jurisdiction": city}),
        "county_staff": (Role.OFFICE_STAFF, {"jurisdiction": county}),
        "leader_a": (Role.TEAM_LEADER, {"team": team_a}),
        "member_a": (Role.TEAM_MEMBER, {"team": team_a}),
        "member_b": (Role.TEAM_MEMBER, {"team": team_b}),
        "liaison_a": (Role.LIAISON, {"organization": org_a}),
        "liaison_b": (Role.LIAISON, {"organization": org_b}),
        "system_admin": (Role.SYSTEM_ADMIN, {"jurisdiction": city}),
        "security_admin": (Role.SECURITY_ADMIN, {"jurisdiction": city}),
        "security_auditor": (Role.SECURITY_AUDITOR, {"jurisdiction": city}),
    }
    for username, (role, scope) in personas.items():
        user = User.objects.create_user(username=username, password="x-test-password-1", display_name=username)
        role_grant(actor=None, user=user, role=role, **scope)
        world.users[username] = user
    world.users["outsider"] = User.objects.create_user(username="outsider", password="x-test-password-1")
    ready_for_stationing(recorded_by=world.users["office_staff"])
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def login(client: Client, world: World) -> Any:
    """``login("member_a")`` → the test client signed in as that persona."""

    def sign_in(username: str) -> Client:
        client.force_login(world.users[username])
        return client

    return sign_in
