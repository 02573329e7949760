"""The approval workflows of the office's plans: a round's work plan (工作方案) and a term's annual plan
(年度巡察计划) are drafted by the office, submitted (报批) and approved by the leading group."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_now, business_today
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.planning.models import ApprovalStatus, RunStatus

A = ApprovalStatus


def _record_approver(plan: Any, actor: Any) -> Iterable[str]:
    plan.approved_by, plan.approved_at = actor, business_now()
    return ["approved_by", "approved_at"]


def _record_approval_day(plan: Any, actor: Any) -> Iterable[str]:
    plan.approved_on = business_today()
    return ["approved_on"]


WORK_PLAN_WORKFLOW = register(Workflow(
    "work_plan", _("巡察工作方案"), ApprovalStatus, {
        "submit": Transition("submit", _("报领导小组审批"), frozenset({A.DRAFT}), A.SUBMITTED, Cap.MANAGE_PLANNING,
                             wrong_state="只有草稿可以报批。"),
        "approve": Transition("approve", _("批准"), frozenset({A.SUBMITTED}), A.APPROVED, Cap.APPROVE_WORK_PLAN,
                              style="success", effect=_record_approver, wrong_state="只有已报批的方案可以批准。"),
    },
    audit_action="work_plan.{name}",
))

ANNUAL_PLAN_WORKFLOW = register(Workflow(
    "annual_plan", _("年度巡察计划"), ApprovalStatus, {
        "submit": Transition("submit", _("报领导小组审批"), frozenset({A.DRAFT}), A.SUBMITTED, Cap.MANAGE_PLANNING,
                             wrong_state="只有草稿可以报批。"),
        "approve": Transition("approve", _("批准"), frozenset({A.SUBMITTED}), A.APPROVED, Cap.APPROVE_WORK_PLAN,
                              style="success", effect=_record_approval_day, wrong_state="只有已报批的计划可以批准。"),
        # Taken by the save service when the office revises a submitted plan (it must be submitted again).
        "revise": Transition("revise", _("修改后退回草稿"), frozenset({A.SUBMITTED}), A.DRAFT, Cap.MANAGE_PLANNING),
    },
    audit_action="annual_plan.{name}",
))


def _run_feasible(run: Any) -> str | None:
    """方案有可行解。"""
    return None if run.feasible else "该方案无可行解，不能采用。"


def _not_stationed(run: Any) -> str | None:
    """本轮交叉巡察均未进驻。"""
    from_statuses = ("planned", "preparing")
    started = [i.code for i in run.round.inspections.filter(is_cross=True).exclude(status__in=from_statuses)]
    return f"{'、'.join(started)}已进驻，不能再调整交叉配对。" if started else None


# Adopting a cross-assignment run gives the round's cross inspections their teams; the run adopted before is
# superseded in the same step (a round has one adopted run at a time).
ASSIGNMENT_RUN_WORKFLOW = register(Workflow(
    "assignment_run", _("交叉巡察配对方案"), RunStatus, {
        "apply": Transition("apply", _("采用此方案"), frozenset({RunStatus.GENERATED, RunStatus.SUPERSEDED}),
                            RunStatus.APPLIED, Cap.MANAGE_PLANNING, (_run_feasible, _not_stationed)),
        "supersede": Transition("supersede", _("被新方案替换"), frozenset({RunStatus.APPLIED}), RunStatus.SUPERSEDED,
                                Cap.MANAGE_PLANNING),
    },
    audit_action="cross_assignment.{name}",
))
