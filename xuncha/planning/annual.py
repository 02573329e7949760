"""Annual inspection plans (年度巡察计划) within a term: the office drafts and submits the year's plan, the
leading group approves it. An approved plan is never edited; a new year gets a new plan."""

from __future__ import annotations

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.access import PLANNING_DENIED
from xuncha.inspections.models import Term
from xuncha.planning.models import AnnualPlan, ApprovalStatus
from xuncha.planning.workflows import ANNUAL_PLAN_WORKFLOW

ROUNDS_PER_YEAR_MAX = 12
TITLE_MAX_LENGTH = AnnualPlan._meta.get_field("title").max_length or 100


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


@transaction.atomic
def annual_plan_save(*, actor: User, term_id: int, year: int, title: str, rounds_planned: int,
                     summary: str = "") -> AnnualPlan:
    """Create or revise the term's plan for ``year``. Revising a submitted plan takes it back to draft (it must
    be submitted again); an approved plan cannot be revised."""
    term = access(Term, actor, term_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                  queryset=Term.objects.select_related("jurisdiction"))
    if not (term.start_date.year <= year <= term.end_date.year):
        raise _field_error("year", f"年度应在本届任期内（{term.start_date.year}—{term.end_date.year}年）。")
    title = title.strip()
    if not title:
        raise _field_error("title", "请填写标题。")
    if len(title) > TITLE_MAX_LENGTH:
        raise _field_error("title", f"标题不能超过{TITLE_MAX_LENGTH}个字。")
    if not (1 <= rounds_planned <= ROUNDS_PER_YEAR_MAX):
        raise _field_error("rounds_planned", f"计划轮次数应在1到{ROUNDS_PER_YEAR_MAX}之间。")
    plan = AnnualPlan.objects.select_for_update().filter(term=term, year=year).first()
    if plan is not None and plan.status == ApprovalStatus.APPROVED:
        raise _field_error("year", f"{year}年度巡察计划已经批准，不能再修改。")
    created = plan is None
    if plan is None:
        plan = AnnualPlan(term=term, year=year)
    plan.title, plan.rounds_planned, plan.summary = title, rounds_planned, summary.strip()
    plan.save()
    audit_record("annual_plan.save", actor=actor, obj=plan, details={"year": year, "created": created})
    if plan.status == ApprovalStatus.SUBMITTED:
        # Revised after submission: back to draft through the workflow, to be submitted again.
        ANNUAL_PLAN_WORKFLOW.apply(plan, "revise", actor=actor, caps=capabilities(actor, plan),
                                   note="报批后修改，退回草稿")
    return plan


@transaction.atomic
def annual_plan_step(*, actor: User, plan_id: int, transition: str, note: str = "") -> AnnualPlan:
    """Take one step of the annual plan's approval workflow (报批, 批准) — the only writer of its status."""
    step = ANNUAL_PLAN_WORKFLOW.get(transition)
    denied = PLANNING_DENIED if step.capability == Cap.MANAGE_PLANNING else "年度巡察计划由巡察工作领导小组审批。"
    plan = access(AnnualPlan, actor, plan_id, capability=step.capability, denied=denied, lock=True,
                  queryset=AnnualPlan.objects.select_related("term__jurisdiction"))
    ANNUAL_PLAN_WORKFLOW.apply(plan, transition, actor=actor, caps=capabilities(actor, plan), note=note)
    return plan


def annual_plan_submit(*, actor: User, plan_id: int) -> AnnualPlan:
    """Submit a draft to the leading group (报批)."""
    return annual_plan_step(actor=actor, plan_id=plan_id, transition="submit")


def annual_plan_approve(*, actor: User, plan_id: int) -> AnnualPlan:
    """The leading group approves a submitted annual plan; the day of approval is recorded."""
    return annual_plan_step(actor=actor, plan_id=plan_id, transition="approve")
