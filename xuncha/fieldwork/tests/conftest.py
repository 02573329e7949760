"""A stationed inspection with a full team, the office, the inspected unit's liaison and another team."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from tests.factories import (
    InspectionFactory,
    JurisdictionFactory,
    OrganizationFactory,
    PersonFactory,
    RoundFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
    grant,
)
from xuncha.accounts.roles import Role
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Rank

ENTRY = datetime.date(2018, 11, 1)
TODAY = datetime.date(2018, 11, 20)


def _member(team: Any, role: str, username: str, office: Any) -> Any:
    person = PersonFactory.create(organization=office, post="巡察专员", name=f"{username}姓名")
    TeamMembershipFactory.create(team=team, person=person, role=role)
    user = UserFactory.create(username=username, person=person)
    account_role = {"leader": Role.TEAM_LEADER, "deputy_leader": Role.TEAM_DEPUTY}.get(role, Role.TEAM_MEMBER)
    grant(user, account_role, team)
    return user


def set_status(inspection: Inspection, status: str, **dates: Any) -> None:
    Inspection.objects.filter(pk__in=[inspection.pk]).update(status=status, **dates)
    inspection.refresh_from_db()


@pytest.fixture
def world(db: None, business_date: Callable[..., None]) -> SimpleNamespace:
    business_date(TODAY)
    city = JurisdictionFactory.create()
    office = OrganizationFactory.create(jurisdiction=city, short_name="市委巡察办")
    unit = OrganizationFactory.create(jurisdiction=city, short_name="市工商联")
    branch = OrganizationFactory.create(jurisdiction=city, short_name="机关支部", parent=unit)
    principal = PersonFactory.create(organization=unit, post="党组书记、主席", rank=Rank.DIVISION_CHIEF, name="甲主席")
    unit.principal_leader = principal
    unit.save()
    deputy = PersonFactory.create(organization=unit, post="副主席", rank=Rank.DIVISION_DEPUTY, name="乙副主席")
    chief = PersonFactory.create(organization=unit, post="办公室主任", rank=Rank.SECTION_CHIEF, name="丙主任")
    clerk = PersonFactory.create(organization=unit, post="科员", rank=Rank.STAFF, name="丁科员")
    branch_head = PersonFactory.create(organization=branch, post="支部书记", rank=Rank.SECTION_DEPUTY, name="戊书记")
    rnd = RoundFactory.create(term__jurisdiction=city)
    team = TeamFactory.create(round=rnd)
    inspection = InspectionFactory.create(round=rnd, team=team, targets=[unit], code="11-7-03")
    set_status(inspection, "stationed", stationed_on=ENTRY)
    other_unit = OrganizationFactory.create(jurisdiction=city, short_name="市房管局")
    other = InspectionFactory.create(round=rnd, targets=[other_unit], code="11-7-05")
    set_status(other, "stationed", stationed_on=ENTRY)
    w = SimpleNamespace(city=city, unit=unit, branch=branch, other_unit=other_unit, inspection=inspection,
                        other=other, team=team, principal=principal, deputy=deputy, chief=chief, clerk=clerk,
                        branch_head=branch_head)
    w.leader = _member(team, "leader", "leader", office)
    w.deputy_leader = _member(team, "deputy_leader", "deputy", office)
    w.member_a = _member(team, "member", "member_a", office)
    w.member_b = _member(team, "member", "member_b", office)
    w.member_c = _member(team, "member", "member_c", office)
    w.other_member = _member(other.team, "member", "other_member", office)
    for name, role, scope in (("director", Role.OFFICE_DIRECTOR, city), ("office", Role.OFFICE_STAFF, city),
                              ("leading", Role.LEADING_GROUP, city), ("cdi", Role.DISCIPLINE_COMMISSION, city),
                              ("orgdept", Role.ORG_DEPARTMENT, city), ("liaison", Role.LIAISON, unit),
                              ("liaison_other", Role.LIAISON, other_unit)):
        user = UserFactory.create(username=name)
        grant(user, role, scope)
        setattr(w, name, user)
    return w
