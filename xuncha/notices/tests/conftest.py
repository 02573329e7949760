"""A stationed inspection of 市工商联 with its team, the office, the unit's liaison, and another inspection (市房管局)
with its own team and liaison."""

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
from xuncha.notices import services

ENTRY = datetime.date(2018, 11, 1)
TODAY = datetime.date(2018, 11, 20)


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


def rectification(w: Any, *, items: int = 2, **overrides: Any) -> services.NoticeData:
    values: dict[str, Any] = {
        "kind": "rectification", "organization_id": w.unit.pk, "title": "关于立即整改会员活动经费报销问题的通知",
        "subject": "部分会员活动经费未经集体研究即报销。", "basis": "《中国共产党廉洁自律准则》",
        "requirement": "立即规范报销审批，五日内书面回复。", "deadline": TODAY + datetime.timedelta(days=5),
        "items": [services.ItemData(f"问题{n}", f"要求{n}") for n in range(1, items + 1)]}
    values.update(overrides)
    return services.NoticeData(**values)


def explanation(w: Any, **overrides: Any) -> services.NoticeData:
    values: dict[str, Any] = {
        "kind": "explanation", "organization_id": w.unit.pk, "title": "关于说明活动赞助来源的通知",
        "subject": "2017年以来活动赞助的来源和使用。", "requirement": "说明赞助来源、金额和使用，附凭证。",
        "deadline": TODAY + datetime.timedelta(days=3)}
    values.update(overrides)
    return services.NoticeData(**values)


@pytest.fixture
def world(db: None, business_date: Callable[..., None]) -> SimpleNamespace:
    business_date(TODAY)
    city = JurisdictionFactory.create(name="洛阳市")
    office = OrganizationFactory.create(jurisdiction=city, short_name="市委巡察办")
    unit = OrganizationFactory.create(jurisdiction=city, short_name="市工商联")
    rnd = RoundFactory.create(term__jurisdiction=city)
    team = TeamFactory.create(round=rnd)
    inspection = InspectionFactory.create(round=rnd, team=team, targets=[unit], code="11-7-03")
    set_status(inspection, "stationed", stationed_on=ENTRY)
    other_unit = OrganizationFactory.create(jurisdiction=city, short_name="市房管局")
    other = InspectionFactory.create(round=rnd, targets=[other_unit], code="11-7-05")
    set_status(other, "stationed", stationed_on=ENTRY)
    w = SimpleNamespace(city=city, unit=unit, other_unit=other_unit, inspection=inspection, other=other, team=team)
    w.leader = _member(team, "leader", "leader", office)
    w.deputy_leader = _member(team, "deputy_leader", "deputy", office)
    w.member = _member(team, "member", "member", office)
    w.other_leader = _member(other.team, "leader", "other_leader", office)
    w.other_member = _member(other.team, "member", "other_member", office)
    for name, role, scope in (("director", Role.OFFICE_DIRECTOR, city), ("office", Role.OFFICE_STAFF, city),
                              ("leading", Role.LEADING_GROUP, city), ("cdi", Role.DISCIPLINE_COMMISSION, city),
                              ("orgdept", Role.ORG_DEPARTMENT, city), ("liaison", Role.LIAISON, unit),
                              ("liaison_other", Role.LIAISON, other_unit)):
        user = UserFactory.create(username=name, display_name=f"{name}姓名")
        grant(user, role, scope)
        setattr(w, name, user)
    return w
