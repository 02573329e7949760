"""An inspection of 市工商联 just withdrawn (reporting), with its team, the office, the leading group, the unit's
liaison, a talk and a petition whose traces the feedback must not carry; and another team's inspection."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

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
from xuncha.fieldwork.models import Talk
from xuncha.inspections.models import Inspection
from xuncha.petitions.models import Petition

ENTRY = datetime.date(2018, 11, 1)
WITHDRAWN = datetime.date(2018, 12, 10)
TODAY = datetime.date(2018, 12, 20)


def _member(team: Any, role: str, username: str, office: Any) -> Any:
    person = PersonFactory.create(organization=office, post="巡察专员", name=f"{username}姓名")
    TeamMembershipFactory.create(team=team, person=person, role=role)
    user = UserFactory.create(username=username, person=person, display_name=f"{username}姓名")
    account_role = {"leader": Role.TEAM_LEADER, "deputy_leader": Role.TEAM_DEPUTY}.get(role, Role.TEAM_MEMBER)
    grant(user, account_role, team)
    return user


def set_status(inspection: Inspection, status: str, **dates: Any) -> None:
    Inspection.objects.filter(pk__in=[inspection.pk]).update(status=status, **dates)
    inspection.refresh_from_db()


@pytest.fixture
def world(db: None, business_date: Callable[..., None]) -> SimpleNamespace:
    business_date(TODAY)
    city = JurisdictionFactory.create(name="洛阳市")
    office = OrganizationFactory.create(jurisdiction=city, short_name="市委巡察办")
    unit = OrganizationFactory.create(jurisdiction=city, short_name="市工商联")
    rnd = RoundFactory.create(term__jurisdiction=city)
    team = TeamFactory.create(round=rnd)
    inspection = InspectionFactory.create(round=rnd, team=team, targets=[unit], code="11-7-03")
    set_status(inspection, "reporting", stationed_on=ENTRY, withdrawn_on=WITHDRAWN)
    other_unit = OrganizationFactory.create(jurisdiction=city, short_name="市房管局")
    other = InspectionFactory.create(round=rnd, targets=[other_unit], code="11-7-05")
    set_status(other, "reporting", stationed_on=ENTRY, withdrawn_on=WITHDRAWN)
    w = SimpleNamespace(city=city, unit=unit, other_unit=other_unit, inspection=inspection, other=other, team=team,
                        round=rnd)
    w.leader = _member(team, "leader", "leader", office)
    w.deputy_leader = _member(team, "deputy_leader", "deputy", office)
    w.member = _member(team, "member", "member", office)
    w.other_leader = _member(other.team, "leader", "other_leader", office)
    for name, role, scope in (("director", Role.OFFICE_DIRECTOR, city), ("office", Role.OFFICE_STAFF, city),
                              ("leading", Role.LEADING_GROUP, city), ("cdi", Role.DISCIPLINE_COMMISSION, city),
                              ("orgdept", Role.ORG_DEPARTMENT, city), ("liaison", Role.LIAISON, unit),
                              ("liaison_other", Role.LIAISON, other_unit)):
        user = UserFactory.create(username=name, display_name=f"{name}姓名")
        grant(user, role, scope)
        setattr(w, name, user)
    # The sources whose traces the feedback must not carry.
    w.talk = Talk.objects.create(
        inspection=inspection, code="11-7-03-T-007", sequence=7, organization=unit, name="柯文静", post="办公室主任",
        category="staff", scheduled_at=timezone.make_aware(datetime.datetime(2018, 11, 6, 9, 0)))
    w.petition = Petition.objects.create(
        inspection=inspection, number="GSL-XF-2018-012", channel="letter", received_on=datetime.date(2018, 11, 9),
        anonymous=False, petitioner_name="庞思远", about_whom="某领导", summary="反映会员企业赞助摊派",
        content="反映内容")
    return w
