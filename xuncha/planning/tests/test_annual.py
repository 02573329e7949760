"""Annual plans (年度巡察计划): the office drafts and submits, the leading group approves; approved plans stay."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.planning.annual import annual_plan_approve, annual_plan_save, annual_plan_submit
from xuncha.planning.models import AnnualPlan

pytestmark = pytest.mark.django_db


def _save(world: Any, user: str = "office_staff", **overrides: Any) -> AnnualPlan:
    values: dict[str, Any] = {"year": 2024, "title": "中共江城市委2024年度巡察工作计划", "rounds_planned": 2,
                              "summary": "全年安排两轮常规巡察。"}
    values.update(overrides)
    return annual_plan_save(actor=world.users[user], term_id=world.term.pk, **values)


def test_office_saves_a_draft_and_it_is_audited(world: Any) -> None:
    plan = _save(world)
    assert (plan.year, plan.status, plan.rounds_planned) == (2024, "draft", 2)
    event = AuditEvent.objects.get(action="annual_plan.save")
    assert event.object_id == str(plan.pk)
    assert json.loads(event.details)["created"] is True


def test_saving_the_same_year_again_revises_the_plan(world: Any) -> None:
    first = _save(world)
    second = _save(world, title="  修订后的计划  ", rounds_planned=3)
    assert second.pk == first.pk
    assert AnnualPlan.objects.count() == 1
    assert (second.title, second.rounds_planned) == ("修订后的计划", 3)


def test_revising_a_submitted_plan_takes_it_back_to_draft(world: Any) -> None:
    plan = _save(world)
    annual_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)
    assert _save(world, summary="补充说明").status == "draft"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("year", 2020, "年度应在本届任期内（2021—2026年）。"),
    ("year", 2027, "年度应在本届任期内（2021—2026年）。"),
    ("title", "   ", "请填写标题。"),
    ("title", "长" * 101, "标题不能超过100个字。"),
    ("rounds_planned", 0, "计划轮次数应在1到12之间。"),
    ("rounds_planned", 13, "计划轮次数应在1到12之间。"),
])
def test_bad_values_are_refused_with_the_field(world: Any, field: str, value: Any, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        _save(world, **{field: value})
    assert caught.value.fields == {field: [message]}
    assert not AnnualPlan.objects.exists()


@pytest.mark.parametrize(("user", "refusal"), [
    ("leading_group", CapabilityMissing), ("cdi", CapabilityMissing), ("leader_a", CapabilityMissing),
    ("county_staff", Http404),  # the city's term is outside the county's scope: it does not exist for them
])
def test_only_the_office_of_the_jurisdiction_saves(world: Any, user: str, refusal: type[Exception]) -> None:
    with pytest.raises(refusal):
        _save(world, user=user)
    assert not AnnualPlan.objects.exists()


def test_submit_then_the_leading_group_approves(world: Any) -> None:
    plan = _save(world)
    assert annual_plan_submit(actor=world.users["office_director"], plan_id=plan.pk).status == "submitted"
    approved = annual_plan_approve(actor=world.users["leading_group"], plan_id=plan.pk)
    assert (approved.status, approved.approved_on) == ("approved", timezone.localdate())
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "annual_plan.save", "annual_plan.submit", "annual_plan.approve"}


def test_the_office_cannot_approve(world: Any) -> None:
    plan = annual_plan_submit(actor=world.users["office_staff"], plan_id=_save(world).pk)
    with pytest.raises(CapabilityMissing):
        annual_plan_approve(actor=world.users["office_director"], plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_a_draft_is_not_approved_and_a_submitted_plan_is_not_submitted_again(world: Any) -> None:
    plan = _save(world)
    with pytest.raises(DomainError, match="只有已报批的计划可以批准"):
        annual_plan_approve(actor=world.users["leading_group"], plan_id=plan.pk)
    annual_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)
    with pytest.raises(DomainError, match="只有草稿可以报批"):
        annual_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)


def test_an_approved_plan_is_never_revised(world: Any) -> None:
    plan = _save(world)
    annual_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)
    annual_plan_approve(actor=world.users["leading_group"], plan_id=plan.pk)
    with pytest.raises(DomainError) as caught:
        _save(world, title="改动")
    assert caught.value.fields == {"year": ["2024年度巡察计划已经批准，不能再修改。"]}
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("中共江城市委2024年度巡察工作计划", "approved")


def test_each_year_has_its_own_plan(world: Any) -> None:
    _save(world, year=2024)
    _save(world, year=2025)
    assert list(AnnualPlan.objects.order_by("year").values_list("year", flat=True)) == [2024, 2025]
    assert datetime.date(2025, 1, 1) < world.term.end_date
