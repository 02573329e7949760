"""The workflows of the office's tools: a round's work plan (工作方案) and a term's annual plan (年度巡察计划)
are drafted by the office, submitted (报批) and approved by the leading group; a cross-assignment run is adopted;
a team's composition is confirmed once it follows the rules (组建巡察组)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_now, business_today
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.inspections.models import MembershipRole
from xuncha.inspections.recusal import standing_conflicts
from xuncha.inspections.states import TeamStatus
from xuncha.planning.composition import team_composition
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


# The inspection states in which a team has not yet gone in: its roster and the round's pairing may still change.
NOT_STATIONED = ("planned", "preparing")


def _not_stationed(run: Any) -> str | None:
    """本轮交叉巡察均未进驻。"""
    started = [i.code for i in run.round.inspections.filter(is_cross=True).exclude(status__in=NOT_STATIONED)]
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


def _composition_follows_rules(team: Any) -> str | None:
    """组成符合本级规定：组长、副组长、人数、职级。"""
    # The authorisation is its own guard (below), so that the diagram names it.
    issues = [i.message for i in team_composition(team) if i.blocking and i.code != "authorization"]
    return "组成不符合规定：" + "".join(issues) if issues else None


def _leaders_authorized(team: Any) -> str | None:
    """组长、副组长已授权：一次一授权。"""
    missing = [f"{m.get_role_display()}{m.person.name}" for m in team.memberships.filter(
        role__in=[MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER], authorized_on__isnull=True,
    ).select_related("person").order_by("order", "id")]
    return f"尚未授权（一次一授权）：{'、'.join(missing)}。" if missing else None


def _no_recusal_conflicts(team: Any) -> str | None:
    """成员无未解决的回避情形。"""
    hits = standing_conflicts(team)
    if not hits:
        return None
    first = hits[0]
    return (f"存在未解决的回避情形{len(hits)}项，如{first.person_name}对{first.organization_name}："
            f"{first.rule_label}（{first.reason}）。")


def _team_not_stationed(team: Any) -> str | None:
    """所承担的巡察均未进驻。"""
    started = [i.code for i in team.inspections.exclude(status__in=NOT_STATIONED)]
    return f"{'、'.join(started)}已进驻，巡察组成员不能再调整。" if started else None


# The team's forming: the roster (who is on the team, in which place) changes only while the team
# is forming; the office confirms the composition once nothing is missing, which the inspection's stationing
# requires, and may reopen it with a reason until the team is stationed.
TEAM_WORKFLOW = register(Workflow(
    "team", _("巡察组组建"), TeamStatus, {
        "confirm": Transition("confirm", _("确定组成人员"), frozenset({TeamStatus.FORMING}), TeamStatus.FORMED,
                              Cap.MANAGE_PLANNING,
                              (_composition_follows_rules, _leaders_authorized, _no_recusal_conflicts),
                              style="success", wrong_state="只有组建中的巡察组可以确定组成人员。"),
        "reopen": Transition("reopen", _("重新调整成员"), frozenset({TeamStatus.FORMED}), TeamStatus.FORMING,
                             Cap.MANAGE_PLANNING, (_team_not_stationed,), style="outline-secondary", needs_note=True,
                             wrong_state="巡察组仍在组建中。"),
    },
    audit_action="team.{name}",
))
