"""The round's work plan (工作方案): versions, submission and the leading group's approval."""

from __future__ import annotations

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.access import PLANNING_DENIED
from xuncha.inspections.models import (
    Round,
)
from xuncha.planning.models import WorkPlan
from xuncha.planning.workflows import WORK_PLAN_WORKFLOW


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


@transaction.atomic
def work_plan_save(*, actor: User, round_id: int, focus: str, schedule: str, key_matters: str = "") -> WorkPlan:
    """Save a new version of the round's work plan (工作方案); an approved version is never edited."""
    rnd = access(Round, actor, round_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                 queryset=Round.objects.select_related("jurisdiction"))
    if not focus.strip():
        raise _field_error("focus", "请填写监督重点。")
    if not schedule.strip():
        raise _field_error("schedule", "请填写时间安排。")
    latest = WorkPlan.objects.filter(round=rnd).order_by("-version").first()
    plan = WorkPlan.objects.create(round=rnd, version=(latest.version + 1) if latest else 1, focus=focus.strip(),
                                   schedule=schedule.strip(), key_matters=key_matters.strip(), created_by=actor)
    audit_record("work_plan.save", actor=actor, obj=plan, details={"version": plan.version})
    return plan


@transaction.atomic
def work_plan_step(*, actor: User, plan_id: int, transition: str, note: str = "") -> WorkPlan:
    """Take one step of the work plan's approval workflow (报批, 批准) — the only writer of its status."""
    step = WORK_PLAN_WORKFLOW.get(transition)
    denied = PLANNING_DENIED if step.capability == Cap.MANAGE_PLANNING else "工作方案由巡察工作领导小组审批。"
    plan = access(WorkPlan, actor, plan_id, capability=step.capability, denied=denied, lock=True,
                  queryset=WorkPlan.objects.select_related("round__jurisdiction"))
    WORK_PLAN_WORKFLOW.apply(plan, transition, actor=actor, caps=capabilities(actor, plan), note=note)
    return plan


def work_plan_submit(*, actor: User, plan_id: int) -> WorkPlan:
    """Submit a draft to the leading group (报批)."""
    return work_plan_step(actor=actor, plan_id=plan_id, transition="submit")


def work_plan_approve(*, actor: User, plan_id: int) -> WorkPlan:
    """The leading group approves a submitted version; earlier approved versions stay as history."""
    return work_plan_step(actor=actor, plan_id=plan_id, transition="approve")
