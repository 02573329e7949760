"""A small world for the API tests: a city with one county, two inspected organisations of the city,
two teams, an inspection each, and one user per persona. Built with the models directly so that these
tests do not depend on fixtures owned by other apps."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.models import ApiToken, RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.planning.tests.support import ready_for_stationing


@dataclass
class World:
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


class Api:
    """A test client calling the API as one user with a bearer token (or anonymously)."""

    def __init__(self, client: Client, user: User | None = None) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if user is not None:
            _, raw = ApiToken.issue(user=user, name="test")
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(_url(path), params, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        body = json.dumps(data) if data is not None else ""
        return self.client.post(_url(path), body, content_type="application/json", headers=self.headers)

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(_url(path), json.dumps(data), content_type="application/json", headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(_url(path), headers=self.headers)


def _url(path: str) -> str:
    return path if path.startswith("/api/") else "/api/v1" + path


def _jurisdiction(name: str, code: str, level: str, parent: Jurisdiction | None = None) -> Jurisdiction:
    return Jurisdiction.objects.create(name=name, committee_name=f"中共{name}委员会", level=level,
                                       division_code=code, parent=parent)


def _org(name: str, short: str, jurisdiction: Jurisdiction, **extra: Any) -> Organization:
    return Organization.objects.create(name=name, short_name=short, org_type="party_group",
                                       sector="party_government", jurisdiction=jurisdiction, **extra)


def _person(name: str, org: Organization, **extra: Any) -> Person:
    return Person.objects.create(name=name, gender="M", birth_year=1975, organization=org, post="科员", **extra)


def _grant(user: User, role: str, **scope: Any) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **scope)


@pytest.fixture
def world(db: Any) -> World:
    city = _jurisdiction("江城市", "420100", "city")
    county = _jurisdiction("江城市东湖县", "420101", "county", parent=city)
    org_a = _org("中共江城市工商业联合会党组", "市工商联", city)
    org_b = _org("中共江城市住房和城乡建设局党组", "市住建局", city)
    org_county = _org("中共东湖县教育局党组", "县教育局", county)
    person_a = _person("张明", org_a, id_number="420101197501011234", phone="13800000001")
    person_b = _person("李强", org_b)
    person_county = _person("王芳", org_county)
    leader_a, leader_b = _person("赵组长", org_b), _person("钱组长", org_a)
    member_a_person = _person("孙组员", org_b)

    term = Term.objects.create(jurisdiction=city, number=12, name="第十二届",
                               start_date=datetime.date(2021, 9, 1), end_date=datetime.date(2026, 8, 31))
    rnd = Round.objects.create(term=term, number=3, name="十二届市委第三轮巡察", year=2024,
                               planned_start=datetime.date(2024, 3, 1), planned_end=datetime.date(2024, 4, 30))
    team_a = Team.objects.create(round=rnd, number=1, name="第一巡察组", home_jurisdiction=city)
    team_b = Team.objects.create(round=rnd, number=2, name="第二巡察组", home_jurisdiction=city)
    TeamMembership.objects.create(team=team_a, person=leader_a, role="leader", order=1)
    TeamMembership.objects.create(team=team_a, person=member_a_person, role="member", order=2)
    TeamMembership.objects.create(team=team_b, person=leader_b, role="leader", order=1)

    def inspection(code: str, team: Team, org: Organization) -> Inspection:
        obj = Inspection.objects.create(
            round=rnd, team=team, code=code, inspection_type="routine", status=InspectionStatus.PREPARING,
            planned_entry=datetime.date(2024, 3, 1), planned_withdrawal=datetime.date(2024, 3, 31))
        InspectionTarget.objects.create(inspection=obj, organization=org)
        return obj

    w = World(city=city, county=county, org_a=org_a, org_b=org_b, org_county=org_county, person_a=person_a,
              person_b=person_b, person_county=person_county, term=term, round=rnd, team_a=team_a, team_b=team_b,
              inspection_a=inspection("JC-2024-3-01", team_a, org_a),
              inspection_b=inspection("JC-2024-3-02", team_b, org_b))

    personas: dict[str, tuple[str, dict[str, Any]]] = {
        "office_staff": (Role.OFFICE_STAFF, {"jurisdiction": city}),
        "office_director": (Role.OFFICE_DIRECTOR, {"jurisdiction": city}),
        "county_staff": (Role.OFFICE_STAFF, {"jurisdiction": county}),
        "leader_a": (Role.TEAM_LEADER, {"team": team_a}),
        "member_a": (Role.TEAM_MEMBER, {"team": team_a}),
        "member_b": (Role.TEAM_MEMBER, {"team": team_b}),
        "liaison_a": (Role.LIAISON, {"organization": org_a}),
        "liaison_b": (Role.LIAISON, {"organization": org_b}),
        "system_admin": (Role.SYSTEM_ADMIN, {"jurisdiction": city}),
        "county_system_admin": (Role.SYSTEM_ADMIN, {"jurisdiction": county}),
        "security_admin": (Role.SECURITY_ADMIN, {"jurisdiction": city}),
        "security_auditor": (Role.SECURITY_AUDITOR, {"jurisdiction": city}),
    }
    for username, (role, scope) in personas.items():
        user = User.objects.create_user(username=username, password="x-test-password-1", display_name=username)
        _grant(user, role, **scope)
        w.users[username] = user
    w.users["outsider"] = User.objects.create_user(username="outsider", password="x-test-password-1")
    ready_for_stationing(recorded_by=w.users["office_staff"])
    return w


@pytest.fixture
def as_user(client: Client, world: World) -> Any:
    """``as_user("member_a")`` → an ``Api`` calling with that persona's bearer token."""

    def make(username: str | None) -> Api:
        return Api(client, world.users[username] if username else None)

    return make
