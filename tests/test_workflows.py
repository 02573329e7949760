"""One workflow pattern: every state change goes through a transition table and leaves a StatusChange, and the
diagrams in docs/workflows.md are the tables themselves."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xuncha.accounts.roles import Cap
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.core.workflow import WORKFLOWS, Transition, Workflow
from xuncha.planning.models import ApprovalStatus, WorkPlan
from xuncha.planning.work_plans import work_plan_approve, work_plan_save, work_plan_submit


def test_the_documented_diagrams_are_the_tables() -> None:
    call_command("workflow_diagrams", "--check")  # raises when docs/workflows.md is stale


def test_a_stale_diagram_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    table = dict(WORKFLOWS["work_plan"].transitions)
    table["withdraw"] = Transition("withdraw", "撤回", frozenset({"submitted"}), "draft", Cap.MANAGE_PLANNING)
    monkeypatch.setitem(WORKFLOWS, "work_plan", Workflow("work_plan", "巡察工作方案", ApprovalStatus, table,
                                                         audit_action="work_plan.{name}"))
    with pytest.raises(CommandError):
        call_command("workflow_diagrams", "--check")


@pytest.mark.django_db
def test_plan_approval_goes_through_the_table(personas: Any, objects: Any) -> None:
    plan = work_plan_save(actor=personas.office_staff, round_id=objects.round.pk, focus="政治监督", schedule="三十天")
    with pytest.raises(TransitionNotAllowed):
        work_plan_approve(actor=personas.leading_group, plan_id=plan.pk)  # not submitted yet
    with pytest.raises(CapabilityMissing):
        work_plan_submit(actor=personas.leading_group, plan_id=plan.pk)  # the office submits
    work_plan_submit(actor=personas.office_staff, plan_id=plan.pk)
    approved = work_plan_approve(actor=personas.leading_group, plan_id=plan.pk)
    assert (approved.status, approved.approved_by) == (ApprovalStatus.APPROVED, personas.leading_group)
    steps = [(c.transition, c.old_status, c.new_status, c.actor) for c in StatusChange.for_object(approved)]
    assert steps == [("submit", "draft", "submitted", personas.office_staff),
                     ("approve", "submitted", "approved", personas.leading_group)]
    assert set(AuditEvent.objects.filter(object_id=str(plan.pk), action__startswith="work_plan.")
               .values_list("action", flat=True)) == {"work_plan.save", "work_plan.submit", "work_plan.approve"}


@pytest.mark.django_db
def test_a_step_that_needs_a_reason_refuses_without_one(personas: Any, objects: Any) -> None:
    plan = work_plan_save(actor=personas.office_staff, round_id=objects.round.pk, focus="政治监督", schedule="三十天")
    table = {"return": Transition("return", "退回", frozenset({"draft"}), "draft", Cap.MANAGE_PLANNING,
                                  needs_note=True)}
    workflow = Workflow("test", "测试", ApprovalStatus, table, audit_action="test.{name}")
    with pytest.raises(DomainError):
        workflow.apply(plan, "return", actor=personas.office_staff, caps={Cap.MANAGE_PLANNING}, note="  ")
    workflow.apply(plan, "return", actor=personas.office_staff, caps={Cap.MANAGE_PLANNING}, note="材料不全")
    assert StatusChange.for_object(plan).get().note == "材料不全"
    assert WorkPlan.objects.get(pk=plan.pk).status == ApprovalStatus.DRAFT
