"""The test worlds, all built from tests/factories.py, and the fixtures that hand them to the app tests.

There is one way to build a world: the factories make every object, ``grant_personas`` gives each persona
its role through the audited ``role_grant`` (as the product does), and a world is a recipe of them. Four
recipes, each for the tests that read it:

- ``tests.personas.build_world`` (fixtures ``personas``, ``objects``; root conftest.py): 甲市 with one county,
  one round of two teams, one user per role; for the scope and workflow tests in tests/ and any app.
- ``office_world`` (fixture ``world`` in planning, orgs and directory): 江城市 with two counties, the city's
  round 3 of term 12 (2024) with two teams and three inspections, cadres with their records, the planning rules
  the recusal and time-limit pages show, every team ready for stationing.
- ``api_world`` (fixture ``world`` in api): the office world's bare bones (two teams, two inspections, no rules of
  the city's own), which the API tests' counts are written against.
- ``work_world`` (fixture ``world`` in core, accounts, audit and dashboards): the same city and teams with
  inspections in several phases dated from today (one of them 1托2), and a second city outside everyone's scope,
  for sign-in, work pages, administration and the audit log.

An app's conftest defines ``world`` as one of them and imports ``login`` (see xuncha/planning/tests/conftest.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import (
    InspectionFactory,
    JurisdictionFactory,
    OrganizationFactory,
    PersonFactory,
    RoundFactory,
    TeamFactory,
    TeamMembershipFactory,
    TermFactory,
    UserFactory,
)
from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.inspections.models import Inspection, Round, Team, Term
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, WorkHistory
from xuncha.planning.tests.support import ready_for_stationing
from xuncha.rules.models import RecusalPolicy, TimeLimits

# The sign-in password of every world's users (the test settings hash it with a fast hasher).
PASSWORD = "Xc-test-Passw0rd"

# persona (username) → (role, the keyword role_grant binds it with, the world's attribute it is bound to)
PersonaSpec = dict[str, tuple[str, str, str]]


def jurisdiction(name: str, code: str, level: str, parent: Jurisdiction | None = None) -> Jurisdiction:
    return JurisdictionFactory.create(name=name, committee_name=f"中共{name}委员会", level=level, division_code=code,
                                      parent=parent)


def organization(name: str, short: str, within: Jurisdiction, **extra: Any) -> Organization:
    """A party group (unless ``org_type`` says otherwise) with its full name only, as the office records it."""
    return OrganizationFactory.create(name=name, short_name=short, jurisdiction=within, unit_name="", **extra)


def person(name: str, org: Organization, **extra: Any) -> Person:
    extra.setdefault("gender", "M")
    return PersonFactory.create(name=name, birth_year=1975, organization=org, **extra)


def inspection(rnd: Round, code: str, team: Team, targets: list[Organization], status: str,
               entry: datetime.date, withdrawal: datetime.date, **extra: Any) -> Inspection:
    return InspectionFactory.create(round=rnd, team=team, code=code, status=status, planned_entry=entry,
                                    planned_withdrawal=withdrawal, targets=targets, **extra)


def grant_personas(world: Any, spec: PersonaSpec, *, display: str = "{}") -> dict[str, User]:
    """One user per persona, named after it (``display`` formats the shown name), with its role bound to the
    world's object; and ``outsider``, who holds no role."""
    users: dict[str, User] = {}
    for username, (role, scope_kind, target) in spec.items():
        user = UserFactory.create(username=username, display_name=display.format(username), password=PASSWORD)
        role_grant(actor=None, user=user, role=role, **{scope_kind: getattr(world, target)})
        users[username] = user
    users["outsider"] = UserFactory.create(username="outsider", display_name="", password=PASSWORD)
    return users


# ---- The office world ----------------------------------------------------------------------------------------


@dataclass
class OfficeWorld:
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


OFFICE_PERSONAS: PersonaSpec = {
    "office_staff": (Role.OFFICE_STAFF, "jurisdiction", "city"),
    "office_director": (Role.OFFICE_DIRECTOR, "jurisdiction", "city"),
    "leading_group": (Role.LEADING_GROUP, "jurisdiction", "city"),
    "cdi": (Role.DISCIPLINE_COMMISSION, "jurisdiction", "city"),
    "county_staff": (Role.OFFICE_STAFF, "jurisdiction", "county"),
    "leader_a": (Role.TEAM_LEADER, "team", "team_a"),
    "member_a": (Role.TEAM_MEMBER, "team", "team_a"),
    "member_b": (Role.TEAM_MEMBER, "team", "team_b"),
    "liaison_a": (Role.LIAISON, "organization", "org_a"),
    "liaison_b": (Role.LIAISON, "organization", "org_b"),
    "system_admin": (Role.SYSTEM_ADMIN, "jurisdiction", "city"),
    "county_system_admin": (Role.SYSTEM_ADMIN, "jurisdiction", "county"),
    "security_admin": (Role.SECURITY_ADMIN, "jurisdiction", "city"),
    "security_auditor": (Role.SECURITY_AUDITOR, "jurisdiction", "city"),
}


def office_world() -> OfficeWorld:
    """江城市 (two counties, 东湖县 and 西山县) in 2024: round 3 of term 12 with 第一组 (leader, member; inspecting
    市工商联, marked 异地交叉) and 第二组 (leader, from 东湖县; inspecting 市住建局, 上下联动), a planned special
    inspection of 市住建局, 市工商联's principal with work history and a relative, the city's time limits (35 days of
    fieldwork) and its recusal by region switched off, every leader authorised and every declaration signed."""
    city = jurisdiction("江城市", "420100", "city")
    county = jurisdiction("东湖县", "420101", "county", parent=city)
    county_b = jurisdiction("西山县", "420102", "county", parent=city)
    TimeLimits.objects.create(jurisdiction=city, fieldwork_days_routine=35)
    # inspection_a is flagged 异地交叉 for display; its city team would otherwise be recused by region.
    RecusalPolicy.objects.create(jurisdiction=city, rule="from_region", severity="off")
    org_a = organization("中共江城市工商业联合会党组", "市工商联", city)
    # A branch marked to be inspected in its own right, so that it stands as a unit of its own (coverage rule).
    org_a_branch = organization("江城市工商联机关党支部", "工商联机关支部", city, parent=org_a, org_type="branch",
                                inspected_separately=True)
    org_b = organization("中共江城市住房和城乡建设局党组", "市住建局", city)
    org_county = organization("中共东湖县教育局党组", "县教育局", county, sector="education")
    person_a = person("张明", org_a, post="党组书记", rank="div_chief", id_number="420101197501011234",
                      phone="13800001234", hometown="东湖县", hometown_jurisdiction=county)
    WorkHistory.objects.create(person=person_a, organization=org_b, organization_name="市住建局", post="副局长",
                               start=datetime.date(2012, 3, 1), end=datetime.date(2018, 6, 30))
    Relative.objects.create(person=person_a, name="张华", kinship="spouse", workplace="东湖县人民医院", post="医师")
    person_b = person("李强", org_b)
    person_county = person("王芳", org_county, gender="F")
    leader_a_person, leader_b_person = person("赵组长", org_b, post="二级巡视员"), person("钱组长", org_a)
    member_a_person = person("孙组员", org_b)

    term = TermFactory.create(jurisdiction=city, number=12, name="第十二届", start_date=datetime.date(2021, 9, 1),
                              end_date=datetime.date(2026, 8, 31))
    rnd = RoundFactory.create(term=term, number=3, name="十二届市委第三轮巡察", year=2024,
                              planned_start=datetime.date(2024, 3, 1), planned_end=datetime.date(2024, 4, 30),
                              focus_notes="聚焦“六个围绕、一个加强”。")
    team_a = TeamFactory.create(round=rnd, number=1, name="市委第一巡察组", home_jurisdiction=city)
    team_b = TeamFactory.create(round=rnd, number=2, name="市委第二巡察组", home_jurisdiction=county)
    TeamMembershipFactory.create(team=team_a, person=leader_a_person, role="leader", order=1)
    TeamMembershipFactory.create(team=team_a, person=member_a_person, role="member", order=2)
    TeamMembershipFactory.create(team=team_b, person=leader_b_person, role="leader", order=1)

    def planned(code: str, team: Team, org: Organization, status: str, **extra: Any) -> Inspection:
        return inspection(rnd, code, team, [org], status, datetime.date(2024, 3, 1), datetime.date(2024, 3, 31),
                          **extra)

    world = OfficeWorld(
        city=city, county=county, county_b=county_b, org_a=org_a, org_a_branch=org_a_branch, org_b=org_b,
        org_county=org_county, person_a=person_a, person_b=person_b, person_county=person_county,
        leader_a_person=leader_a_person, member_a_person=member_a_person, term=term, round=rnd,
        team_a=team_a, team_b=team_b,
        inspection_a=planned("JC-2024-3-01", team_a, org_a, InspectionStatus.PREPARING, is_cross=True),
        inspection_b=planned("JC-2024-3-02", team_b, org_b, InspectionStatus.PREPARING, is_linked=True),
        inspection_planned=planned("JC-2024-3-03", team_a, org_b, InspectionStatus.PLANNED,
                                   inspection_type="special", special_topic="公租房"),
    )
    world.users = grant_personas(world, OFFICE_PERSONAS)
    ready_for_stationing(recorded_by=world.users["office_staff"])
    return world


# ---- The API world ---------------------------------------------------------------------------------------------


@dataclass
class ApiWorld:
    city: Jurisdiction
    county: Jurisdiction
    org_a: Organization
    org_b: Organization
    org_county: Organization
    person_a: Person
    person_b: Person
    person_county: Person
    term: Term
    round: Round
    team_a: Team
    team_b: Team
    inspection_a: Inspection
    inspection_b: Inspection
    users: dict[str, User] = field(default_factory=dict)


API_PERSONAS: PersonaSpec = {
    name: spec for name, spec in OFFICE_PERSONAS.items() if name not in ("leading_group", "cdi")}


def api_world() -> ApiWorld:
    """The office world's bare bones, as the API tests count them: 江城市 with 东湖县, round 3 of 2024 with 第一组
    (inspecting 市工商联) and 第二组 (市住建局), both of the city and preparing, no rules of the city's own."""
    city = jurisdiction("江城市", "420100", "city")
    county = jurisdiction("江城市东湖县", "420101", "county", parent=city)
    org_a = organization("中共江城市工商业联合会党组", "市工商联", city)
    org_b = organization("中共江城市住房和城乡建设局党组", "市住建局", city)
    org_county = organization("中共东湖县教育局党组", "县教育局", county)
    person_a = person("张明", org_a, id_number="420101197501011234", phone="13800000001")
    person_b = person("李强", org_b)
    person_county = person("王芳", org_county)
    leader_a, leader_b = person("赵组长", org_b), person("钱组长", org_a)
    member_a_person = person("孙组员", org_b)

    term = TermFactory.create(jurisdiction=city, number=12, name="第十二届", start_date=datetime.date(2021, 9, 1),
                              end_date=datetime.date(2026, 8, 31))
    rnd = RoundFactory.create(term=term, number=3, name="十二届市委第三轮巡察", year=2024,
                              planned_start=datetime.date(2024, 3, 1), planned_end=datetime.date(2024, 4, 30))
    team_a = TeamFactory.create(round=rnd, number=1, name="第一巡察组", home_jurisdiction=city)
    team_b = TeamFactory.create(round=rnd, number=2, name="第二巡察组", home_jurisdiction=city)
    TeamMembershipFactory.create(team=team_a, person=leader_a, role="leader", order=1)
    TeamMembershipFactory.create(team=team_a, person=member_a_person, role="member", order=2)
    TeamMembershipFactory.create(team=team_b, person=leader_b, role="leader", order=1)

    def preparing(code: str, team: Team, org: Organization) -> Inspection:
        return inspection(rnd, code, team, [org], InspectionStatus.PREPARING, datetime.date(2024, 3, 1),
                          datetime.date(2024, 3, 31))

    world = ApiWorld(city=city, county=county, org_a=org_a, org_b=org_b, org_county=org_county, person_a=person_a,
                     person_b=person_b, person_county=person_county, term=term, round=rnd, team_a=team_a,
                     team_b=team_b, inspection_a=preparing("JC-2024-3-01", team_a, org_a),
                     inspection_b=preparing("JC-2024-3-02", team_b, org_b))
    world.users = grant_personas(world, API_PERSONAS)
    ready_for_stationing(recorded_by=world.users["office_staff"])
    return world


# ---- The work world ------------------------------------------------------------------------------------------


@dataclass
class WorkWorld:
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


WORK_PERSONAS: PersonaSpec = {
    "office_staff": (Role.OFFICE_STAFF, "jurisdiction", "city"),
    "office_director": (Role.OFFICE_DIRECTOR, "jurisdiction", "city"),
    "leading_group": (Role.LEADING_GROUP, "jurisdiction", "city"),
    "cdi": (Role.DISCIPLINE_COMMISSION, "jurisdiction", "city"),
    "orgdept": (Role.ORG_DEPARTMENT, "jurisdiction", "city"),
    "leader_a": (Role.TEAM_LEADER, "team", "team_a"),
    "member_b": (Role.TEAM_MEMBER, "team", "team_b"),
    "liaison_a": (Role.LIAISON, "organization", "org_a"),
    "liaison_b": (Role.LIAISON, "organization", "org_b"),
    "system_admin": (Role.SYSTEM_ADMIN, "jurisdiction", "city"),
    "security_admin": (Role.SECURITY_ADMIN, "jurisdiction", "city"),
    "security_auditor": (Role.SECURITY_AUDITOR, "jurisdiction", "city"),
    "other_admin": (Role.SYSTEM_ADMIN, "jurisdiction", "other_city"),
    "other_staff": (Role.OFFICE_STAFF, "jurisdiction", "other_city"),
}


def work_world() -> WorkWorld:
    """江城市 (with 东湖县) and 河口市 outside everyone's scope, dated from today: round 3 of term 12 with 第一组
    (leader, member) and 第二组, and inspections stationed (市工商联), at feedback (市住建局), preparing 1托2 (both)
    and planned."""
    today = timezone.localdate()
    days = datetime.timedelta
    city = jurisdiction("江城市", "420100", "city")
    county = jurisdiction("东湖县", "420101", "county", parent=city)
    other_city = jurisdiction("河口市", "430100", "city")
    org_a = organization("中共江城市工商业联合会党组", "市工商联", city)
    org_b = organization("中共江城市住房和城乡建设局党组", "市住建局", city)
    org_county = organization("中共东湖县教育局党组", "县教育局", county)
    org_other = organization("中共河口市财政局党组", "河口财政局", other_city)
    leader_person, member_person = person("赵组长", org_b, post="科员"), person("孙组员", org_b, post="科员")
    person_free = person("周自由", org_a, post="科员")
    person_other = person("吴外市", org_other, post="科员")

    term = TermFactory.create(jurisdiction=city, number=12, name="第十二届", start_date=today - days(700),
                              end_date=today + days(1100))
    rnd = RoundFactory.create(term=term, number=3, name="十二届市委第三轮巡察", year=today.year,
                              planned_start=today - days(20), planned_end=today + days(20))
    team_a = TeamFactory.create(round=rnd, number=1, name="市委第一巡察组", home_jurisdiction=city)
    team_b = TeamFactory.create(round=rnd, number=2, name="市委第二巡察组", home_jurisdiction=city)
    TeamMembershipFactory.create(team=team_a, person=leader_person, role="leader", order=1)
    TeamMembershipFactory.create(team=team_a, person=member_person, role="member", order=2)

    def dated(code: str, team: Team, orgs: list[Organization], status: str, **extra: Any) -> Inspection:
        return inspection(rnd, code, team, orgs, status, today - days(20), today + days(10), **extra)

    world = WorkWorld(
        city=city, county=county, other_city=other_city, org_a=org_a, org_b=org_b, org_county=org_county,
        org_other=org_other, person_free=person_free, person_other=person_other, term=term, round=rnd,
        team_a=team_a, team_b=team_b,
        stationed=dated("JC-S-01", team_a, [org_a], InspectionStatus.STATIONED, stationed_on=today - days(18)),
        feedback=dated("JC-F-02", team_b, [org_b], InspectionStatus.FEEDBACK, stationed_on=today - days(90),
                       withdrawn_on=today - days(60), feedback_on=today - days(12)),
        shared=dated("JC-P-03", team_a, [org_a, org_b], InspectionStatus.PREPARING),
        planned=dated("JC-N-04", team_b, [org_a], InspectionStatus.PLANNED),
    )
    world.users = grant_personas(world, WORK_PERSONAS, display="{}姓名")
    return world


# ---- Fixtures (an app's conftest defines ``world`` and imports ``login``) -------------------------------------------


@pytest.fixture
def login(client: Client, world: Any) -> Callable[[str], Client]:
    """``login("leader_a")`` → the test client signed in as that persona of the module's ``world``."""

    def sign_in(username: str) -> Client:
        client.force_login(world.users[username])
        return client

    return sign_in
