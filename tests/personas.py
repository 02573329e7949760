"""The shared test world: a small city with one county, one round of two teams, and one user per role.

After Healthchecks' alice/bob: every test that asks "who sees what" uses the same named people, so a
reader knows at once what ``personas.member_b`` may see. The pytest fixtures ``personas`` and
``objects`` (root conftest.py) call ``build_world()``.

    city 甲市 ─┬─ org A (甲市发改委) ← inspection A by team A (stationed)    liaison_a
               ├─ org B (甲市房管局) ← inspection B by team B (stationed)    liaison_b
               ├─ org X (甲市组织部, where the inspectors work)
               └─ county 乙县 ── org C (乙县教育局) ← county inspection (planned), by the county's own team

    round 7 of term 11 of 甲市: team A (leader_a, member_a), team B (member_b)
    jurisdiction roles, all bound to 甲市: office_staff, office_director, leading_group, cdi, org_dept,
    sysadmin, secadmin, auditor; outsider holds no role.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

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
    grant,
)
from xuncha.accounts.roles import Role
from xuncha.inspections.models import Inspection
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import JurisdictionLevel, Rank

# persona name → (role, which object of the world it is bound to); None: no role at all.
PERSONA_ROLES: dict[str, tuple[Role, str] | None] = {
    "office_staff": (Role.OFFICE_STAFF, "city"),
    "office_director": (Role.OFFICE_DIRECTOR, "city"),
    "leading_group": (Role.LEADING_GROUP, "city"),
    "leader_a": (Role.TEAM_LEADER, "team_a"),
    "member_a": (Role.TEAM_MEMBER, "team_a"),
    "member_b": (Role.TEAM_MEMBER, "team_b"),
    "liaison_a": (Role.LIAISON, "org_a"),
    "liaison_b": (Role.LIAISON, "org_b"),
    "cdi": (Role.DISCIPLINE_COMMISSION, "city"),
    "org_dept": (Role.ORG_DEPARTMENT, "city"),
    "sysadmin": (Role.SYSTEM_ADMIN, "city"),
    "secadmin": (Role.SECURITY_ADMIN, "city"),
    "auditor": (Role.SECURITY_AUDITOR, "city"),
    "outsider": None,
}
ADMIN_PERSONAS = ("sysadmin", "secadmin", "auditor")
JURISDICTION_BUSINESS_PERSONAS = ("office_staff", "office_director", "leading_group", "cdi", "org_dept")


@dataclass
class World:
    personas: SimpleNamespace
    objects: SimpleNamespace


def _stationed(inspection: Inspection, on: datetime.date) -> Inspection:
    inspection.stationed_on = on
    inspection.status = InspectionStatus.STATIONED
    inspection.save()
    return inspection


def build_world() -> World:
    """Create the world in the database (inside the caller's transaction) and return its handles."""
    city = JurisdictionFactory.create(name="甲市", level=JurisdictionLevel.CITY)
    county = JurisdictionFactory.create(name="乙县", level=JurisdictionLevel.COUNTY, parent=city)

    org_a = OrganizationFactory.create(jurisdiction=city, short_name="甲市发改委")
    org_b = OrganizationFactory.create(jurisdiction=city, short_name="甲市房管局")
    org_x = OrganizationFactory.create(jurisdiction=city, short_name="甲市组织部")
    org_county = OrganizationFactory.create(jurisdiction=county, short_name="乙县教育局")

    # The cadre whose record the scope tests look at: the head of organisation A.
    person = PersonFactory.create(name="王主任", organization=org_a, post="主任", rank=Rank.DIVISION_CHIEF)
    org_a.principal_leader = person
    org_a.save()
    person_b = PersonFactory.create(name="赵局长", organization=org_b, post="局长", rank=Rank.DIVISION_CHIEF)
    person_county = PersonFactory.create(name="钱局长", organization=org_county, post="局长", rank=Rank.SECTION_CHIEF)

    term = TermFactory.create(jurisdiction=city, number=11, name="十一届")
    rnd = RoundFactory.create(term=term, number=7, name="第七轮")
    team_a = TeamFactory.create(round=rnd, number=1, name="第一巡察组")
    team_b = TeamFactory.create(round=rnd, number=2, name="第二巡察组")
    inspection_a = _stationed(InspectionFactory.create(round=rnd, team=team_a, targets=[org_a], code="JS-11-7-A"),
                              rnd.planned_start)
    inspection_b = _stationed(InspectionFactory.create(round=rnd, team=team_b, targets=[org_b], code="JS-11-7-B"),
                              rnd.planned_start)

    county_term = TermFactory.create(jurisdiction=county, number=9, name="九届")
    county_round = RoundFactory.create(term=county_term, number=3, name="第三轮")
    county_team = TeamFactory.create(round=county_round, number=1, name="乙县第一巡察组")
    inspection_county = InspectionFactory.create(round=county_round, team=county_team, targets=[org_county],
                                          code="YX-9-3-C")

    # Inspectors are cadres of the organisation department, seated on their teams.
    seats = {
        "leader_a": TeamMembershipFactory.create(team=team_a, role="leader", person=PersonFactory.create(
            name="林组长", organization=org_x, post="副部长", rank=Rank.DIVISION_CHIEF)),
        "member_a": TeamMembershipFactory.create(team=team_a, role="member", person=PersonFactory.create(
            name="周成员", organization=org_x, post="科员")),
        "member_b": TeamMembershipFactory.create(team=team_b, role="member", person=PersonFactory.create(
            name="吴成员", organization=org_x, post="科员")),
    }
    TeamMembershipFactory.create(team=team_b, role="leader", person=PersonFactory.create(
        name="郑组长", organization=org_x, post="副部长", rank=Rank.DIVISION_CHIEF))
    TeamMembershipFactory.create(team=county_team, role="leader", person=PersonFactory.create(
        name="孙组长", organization=org_county, post="副局长", rank=Rank.SECTION_CHIEF))

    objects = SimpleNamespace(
        city=city, county=county,
        org_a=org_a, org_b=org_b, org_x=org_x, org_county=org_county,
        person=person, person_b=person_b, person_county=person_county,
        term=term, round=rnd, team_a=team_a, team_b=team_b,
        inspection_a=inspection_a, inspection_b=inspection_b,
        county_term=county_term, county_round=county_round, county_team=county_team,
        inspection_county=inspection_county,
        inspections=[inspection_a, inspection_b, inspection_county],
        teams=[team_a, team_b, county_team],
        organizations=[org_a, org_b, org_x, org_county],
    )

    personas = SimpleNamespace()
    for name, binding in PERSONA_ROLES.items():
        seat = seats.get(name)
        user = UserFactory.create(username=name, display_name=name, person=seat.person if seat else None)
        if binding is not None:
            role, target = binding
            grant(user, role, getattr(objects, target))
        setattr(personas, name, user)
    return World(personas=personas, objects=objects)
