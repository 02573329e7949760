"""The to-do list (待办): what waits for this user now, derived from the workflow tables, never stored.

Each kind of to-do is one query over ``visible_to(user)``, narrowed to the objects where the user's roles
hold the capability that the waiting step needs (``Scope.capabilities_at``, no query). The time limits of
every jurisdiction are read once. So the number of queries is fixed, whatever the amount of data: the
menu badge can afford it on every page (computed once per request, and only when the menu renders).

- the leading group: work plans and annual plans submitted for approval (报批);
- the office: inspections to prepare, notices to issue before the configured days, declarations still
  unsigned, teams to station, and the steps of the workflow whose date has come;
- the team leader: withdrawal when the planned end is near;
- the liaison: the liaison-group list (联络组名单) due by the date the notice set.

A workflow step becomes a to-do when its date falls within ``HORIZON_DAYS`` (or has passed); steps without
a date (feedback, archiving) wait as soon as the previous one is done.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import Scope, scope_of
from xuncha.core.clock import business_today
from xuncha.dashboards.home import add_months
from xuncha.fieldwork import selectors as fieldwork_selectors
from xuncha.inspections.models import (
    Inspection,
    InspectionNotice,
    InspectionTarget,
    LiaisonContact,
    MemberDeclaration,
    MembershipRole,
    TeamMembership,
)
from xuncha.inspections.workflow import TRANSITIONS, InspectionStatus
from xuncha.leads import selectors as lead_selectors
from xuncha.notices import selectors as notice_selectors
from xuncha.orgs.models import Jurisdiction
from xuncha.planning.models import AnnualPlan, ApprovalStatus, WorkPlan
from xuncha.reports import selectors as report_selectors
from xuncha.rules.models import TimeLimits

S = InspectionStatus
HORIZON_DAYS = 14  # a dated step is listed this many days before its date
SOON_DAYS = 3  # … and marked urgent this close to it


class Urgency:
    OVERDUE = "overdue"
    SOON = "soon"
    NORMAL = "normal"


URGENCY_LABELS = {Urgency.OVERDUE: _("已逾期"), Urgency.SOON: _("即将到期"), Urgency.NORMAL: _("待办理")}
URGENCY_COLORS = {Urgency.OVERDUE: "danger", Urgency.SOON: "warning", Urgency.NORMAL: "secondary"}

KIND_LABELS: dict[str, Any] = {
    "work_plan_approval": _("审批工作方案"),
    "annual_plan_approval": _("审批年度巡察计划"),
    "notice_issue": _("印发巡察通知"),
    "declarations": _("回避申请书和保密承诺书"),
    "liaison_list": _("报送联络组名单"),
    "documents": _("提供调阅资料"),
    "talk_sign_off": _("审签谈话笔录"),
    "notice_receive": _("签收通知书"),
    "notice_answer": _("回复通知书"),
    "notice_review": _("审核通知书回复"),
    "notice_overdue": _("通知书逾期未回复"),
    **{f"transition:{name}": t.label for name, t in TRANSITIONS.items()},
    **lead_selectors.TODO_KINDS,
    **report_selectors.TODO_KINDS,
}


@dataclass(frozen=True)
class Todo:
    """One thing waiting for the user: what, about which object (and its page), by when."""

    kind: str
    title: str
    detail: str
    url: str
    object_type: str
    object_id: int
    due: datetime.date | None
    urgency: str
    days_left: int | None  # from the business date (xuncha.core.clock)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def urgency_label(self) -> str:
        return str(URGENCY_LABELS[self.urgency])

    @property
    def urgency_color(self) -> str:
        return URGENCY_COLORS[self.urgency]

    @property
    def overdue_days(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0


def _timing(due: datetime.date | None, today: datetime.date) -> tuple[str, int | None]:
    """Urgency and days left until ``due`` (negative when overdue)."""
    if due is None:
        return Urgency.NORMAL, None
    left = (due - today).days
    return (Urgency.OVERDUE if left < 0 else Urgency.SOON if left <= SOON_DAYS else Urgency.NORMAL), left


def _within(due: datetime.date | None, today: datetime.date) -> bool:
    return due is None or (due - today).days <= HORIZON_DAYS


class _Limits:
    """Every jurisdiction's effective time limits from one query (TimeLimits is a small table)."""

    def __init__(self) -> None:
        self.rows = {t.jurisdiction_id: t for t in TimeLimits.objects.all()}

    def of(self, jurisdiction: Jurisdiction) -> TimeLimits:
        for jid in reversed([*jurisdiction.ancestor_ids(), jurisdiction.pk]):
            if jid in self.rows:
                return self.rows[jid]
        return TimeLimits(jurisdiction=jurisdiction)


def _caps_at(scope: Scope, inspection: Inspection) -> frozenset[Cap]:
    return scope.capabilities_at(jurisdiction_path=inspection.jurisdiction.path,
                                 team_ids={inspection.team_id} if inspection.team_id else set())


def _plan_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """Plans submitted to the leading group (报批) and not yet approved."""
    if Cap.APPROVE_WORK_PLAN not in scope.capabilities():
        return []
    todos = []
    plans = (WorkPlan.objects.visible_to(user).filter(status=ApprovalStatus.SUBMITTED)
             .select_related("round__jurisdiction", "created_by").order_by("round__planned_start", "pk"))
    for plan in plans:
        if Cap.APPROVE_WORK_PLAN not in scope.capabilities_at(jurisdiction_path=plan.round.jurisdiction.path):
            continue
        # The plan must be approved before the teams are stationed.
        due = plan.round.planned_start
        todos.append(Todo(
            "work_plan_approval", f"{plan.round.name}工作方案（第{plan.version}版）",
            f"{plan.created_by}报批，计划{plan.round.planned_start:%Y年%m月%d日}进驻，请审批。",
            reverse("planning:workplan-detail", args=[plan.pk]), "work_plan", plan.pk, due, *_timing(due, today)))
    annual = (AnnualPlan.objects.visible_to(user).filter(status=ApprovalStatus.SUBMITTED)
              .select_related("term__jurisdiction").order_by("year", "pk"))
    for year_plan in annual:
        if Cap.APPROVE_WORK_PLAN not in scope.capabilities_at(jurisdiction_path=year_plan.term.jurisdiction.path):
            continue
        due = datetime.date(year_plan.year, 1, 1)  # a year's plan is due when the year begins
        todos.append(Todo(
            "annual_plan_approval", year_plan.title,
            f"{year_plan.year}年度，计划{year_plan.rounds_planned}轮，请审批。",
            reverse("planning:annualplan-list", args=[year_plan.term_id]), "annual_plan", year_plan.pk, due,
            *_timing(due, today)))
    return todos


# The capabilities that make inspections worth loading at all.
_INSPECTION_CAPS = frozenset({Cap.MANAGE_PLANNING, *(t.capability for t in TRANSITIONS.values())})


def _count(qs: QuerySet[Any]) -> Coalesce:
    """``SELECT COUNT(*)`` of ``qs`` (correlated through ``OuterRef``) as an annotation, 0 when none."""
    counted = qs.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _inspection_todos(user: Any, scope: Scope, today: datetime.date, limits: _Limits) -> list[Todo]:
    """Workflow steps whose date has come, and the preparation records they wait for."""
    if not (scope.capabilities() & _INSPECTION_CAPS):
        return []
    visible = Inspection.objects.filter(pk__in=Inspection.objects.visible_to(user).values("pk"))
    team = {"team_id": OuterRef("team_id")}
    leaders = [MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER]
    # Correlated counts rather than joins: joining targets, notices, members and declarations at once
    # would multiply the rows per inspection.
    inspections = (
        visible.exclude(status=S.ARCHIVED).select_related("jurisdiction", "round", "team")
        .prefetch_related(Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization")
                                   .order_by("pk")))
        .annotate(
            n_targets=_count(InspectionTarget.objects.filter(inspection_id=OuterRef("pk"))),
            n_notices=_count(InspectionNotice.objects.filter(inspection_id=OuterRef("pk"))),
            n_members=_count(TeamMembership.objects.filter(**team)),
            n_declarations=_count(MemberDeclaration.objects.filter(membership__team_id=OuterRef("team_id"))),
            n_leaders=_count(TeamMembership.objects.filter(**team, role=MembershipRole.LEADER)),
            n_unauthorized=_count(TeamMembership.objects.filter(**team, role__in=leaders,
                                                                authorized_on__isnull=True)),
        )
        .order_by("planned_entry", "code")
    )
    todos = []
    for insp in inspections:
        caps = _caps_at(scope, insp)
        if not caps & _INSPECTION_CAPS:
            continue
        todos.extend(_steps_of(insp, caps, limits.of(insp.jurisdiction), today))
    return todos


def _todo(kind: str, insp: Inspection, detail: str, due: datetime.date | None, today: datetime.date, *,
          url: str = "") -> Todo:
    # Only users with a role over the inspection get here (office, its team): they may see all its targets.
    names = "、".join(t.organization.short_name or t.organization.name for t in insp.targets.all())
    return Todo(kind, f"{insp.code} {names}", detail, url or insp.get_absolute_url(), "inspection",
                insp.pk, due, *_timing(due, today))


def _steps_of(insp: Any, caps: frozenset[Cap], limits: TimeLimits, today: datetime.date) -> list[Todo]:
    """The to-dos of one inspection (annotated by ``_inspection_todos``) for a user holding ``caps`` on it."""
    out: list[Todo] = []
    stationing = reverse("planning:stationing-detail", args=[insp.pk])
    notice_due = insp.planned_entry - datetime.timedelta(days=limits.notice_days_before_entry)

    def step(name: str, detail: str, due: datetime.date | None, *, url: str = "") -> None:
        if TRANSITIONS[name].capability in caps and _within(due, today):
            out.append(_todo(f"transition:{name}", insp, detail, due, today, url=url))

    if insp.status == S.PLANNED and insp.n_targets:
        step("prepare", f"计划{insp.planned_entry:%Y年%m月%d日}进驻；巡察通知须于"
                        f"{notice_due:%Y年%m月%d日}前印发。", notice_due)
    elif insp.status == S.PREPARING:
        missing_notices = insp.n_targets - insp.n_notices
        missing_declarations = 2 * insp.n_members - insp.n_declarations
        if Cap.MANAGE_PLANNING in caps and missing_notices > 0 and _within(notice_due, today):
            out.append(_todo("notice_issue", insp, f"还有{missing_notices}个被巡察党组织未印发巡察通知，须于进驻前"
                                                   f"{limits.notice_days_before_entry}天印发。",
                             notice_due, today, url=stationing))
        if Cap.MANAGE_PLANNING in caps and missing_declarations > 0 and _within(insp.planned_entry, today):
            out.append(_todo("declarations", insp, f"巡察组尚有{missing_declarations}份回避申请书、保密承诺书未签署，"
                                                   "签署齐全后方可进驻。", insp.planned_entry, today, url=stationing))
        # Stationing waits for these records; the recusal check runs on the inspection page itself.
        ready = (insp.n_targets and insp.n_leaders and not insp.n_unauthorized and not missing_notices
                 and missing_declarations <= 0)
        if ready:
            step("station", f"计划{insp.planned_entry:%Y年%m月%d日}进驻，进驻准备已齐全。", insp.planned_entry)
    elif insp.status == S.STATIONED:
        step("withdraw", f"计划{insp.planned_withdrawal:%Y年%m月%d日}撤驻。", insp.planned_withdrawal)
    elif insp.status == S.REPORTING and insp.withdrawn_on:
        step("deliver_feedback", f"{insp.withdrawn_on:%Y年%m月%d日}撤驻，待向被巡察党组织反馈。", None)
    elif insp.status == S.FEEDBACK and insp.feedback_on:
        step("open_rectification", f"{insp.feedback_on:%Y年%m月%d日}已反馈，待转入整改。", insp.feedback_on)
    elif insp.status == S.RECTIFYING and insp.feedback_on:
        due = add_months(insp.feedback_on, limits.rectification_report_due_months)
        step("close_rectification", f"整改情况报告应于{due:%Y年%m月%d日}前报送。", due)
    elif insp.status == S.EVALUATING:
        step("archive", "整改评估后立卷归档。", None)
    return out


def _liaison_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """Notices to the liaison's organisation whose liaison-group list is still unsent."""
    if not scope.organization_ids:
        return []
    contacts = LiaisonContact.objects.filter(inspection_id=OuterRef("inspection_id"),
                                             organization_id=OuterRef("organization_id"))
    notices = (InspectionNotice.objects.visible_to(user)
               .filter(organization_id__in=scope.organization_ids, inspection__status=S.PREPARING)
               .exclude(Exists(contacts)).select_related("inspection__round", "organization")
               .order_by("liaison_list_due", "pk"))
    return [Todo("liaison_list", f"{n.organization}：{n.inspection.round.name}",
                 f"巡察通知（{n.notice_no}）要求于{n.liaison_list_due:%Y年%m月%d日}前报送联络组名单。",
                 reverse("planning:stationing-detail", args=[n.inspection_id]), "inspection", n.inspection_id,
                 n.liaison_list_due, *_timing(n.liaison_list_due, today))
            for n in notices]


def _document_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """Document requests addressed to the liaison's organisation that wait for them (one query)."""
    if not scope.organization_ids:
        return []
    return [Todo("documents", f"{r.code} {r.title}", f"巡察组要求于{r.deadline:%Y年%m月%d日}前提供。",
                 reverse("fieldwork:document-detail", args=[r.pk]), "document_request", r.pk, r.deadline,
                 *_timing(r.deadline, today))
            for r in fieldwork_selectors.liaison_open_requests(actor=user)]


def _sign_off_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """Talk records of the leader's team waiting for their sign-off, one to-do per inspection (one query)."""
    if not scope.all_team_ids(Cap.SIGN_OFF_TALK):
        return []
    return [Todo("talk_sign_off", f"{row['code']}：{row['n']} 份谈话笔录待审签", "谈话笔录经组长审签后方可作为依据。",
                 reverse("fieldwork:talk-list", args=[row["pk"]]) + "?status=done", "inspection", row["pk"], None,
                 *_timing(None, today))
            for row in fieldwork_selectors.records_to_sign_off(actor=user)]


def _notice_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """Notices during the stay: for the liaison, those to sign for and to answer (again); for the team's leader and
    deputies, answers to review and notices the organisation let pass their deadline (two queries at most)."""
    out: list[Todo] = []
    if scope.organization_ids:
        for n in notice_selectors.liaison_waiting(actor=user):
            kind = "notice_receive" if n.status == "issued" else "notice_answer"
            detail = (f"巡察组要求于{n.deadline:%Y年%m月%d日}前回复。" if n.status != "returned"
                      else f"巡察组退回了回复，请于{n.deadline:%Y年%m月%d日}前重新回复。")
            out.append(Todo(kind, f"{n.number} {n.title}", detail, reverse("notices:notice-detail", args=[n.pk]),
                            "stay_notice", n.pk, n.deadline, *_timing(n.deadline, today)))
    if scope.all_team_ids(Cap.REVIEW_NOTICES):
        for n in notice_selectors.team_waiting(actor=user):
            if n.status == "answered":
                out.append(Todo("notice_review", f"{n.number} {n.title}", f"{n.organization}已回复，待巡察组审核。",
                                reverse("notices:notice-detail", args=[n.pk]), "stay_notice", n.pk, None,
                                *_timing(None, today)))
            else:
                out.append(Todo("notice_overdue", f"{n.number} {n.title}",
                                f"{n.organization}逾期未回复（期限{n.deadline:%Y年%m月%d日}），请督促。",
                                reverse("notices:notice-detail", args=[n.pk]), "stay_notice", n.pk, n.deadline,
                                *_timing(n.deadline, today)))
    return out


def _lead_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """The referral loop of leads (one query): approvals, transfers, receipts, late outcomes — a late one escalated
    to the office and to the receiving body."""
    if Cap.VIEW_LEADS not in scope.capabilities():
        return []
    return [Todo(t.kind, t.title, t.detail, t.url, "lead", t.lead_id, t.due, *_timing(t.due, today))
            for t in lead_selectors.lead_todos(actor=user, today=today)]


def _report_todos(user: Any, scope: Scope, today: datetime.date) -> list[Todo]:
    """The report and the feedback (xuncha.reports): reports to approve or revise, feedback to issue, deliver or
    sign for."""
    if not (scope.capabilities() & {Cap.APPROVE_REPORTS, Cap.SUBMIT_REPORTS, Cap.RECEIVE_FEEDBACK}
            or scope.all_team_ids(Cap.DELIVER_FEEDBACK_RECORDS)):
        return []
    return [Todo(t.kind, t.title, t.detail, t.url, t.object_type, t.object_id, t.due, *_timing(t.due, today))
            for t in report_selectors.report_todos(actor=user)]


def todos_for(user: Any) -> list[Todo]:
    """Everything waiting for ``user``, most pressing first (overdue, then by date; undated last)."""
    scope = scope_of(user)
    if not scope.roles:
        return []
    today = business_today()
    todos = [*_plan_todos(user, scope, today), *_liaison_todos(user, scope, today),
             *_document_todos(user, scope, today), *_sign_off_todos(user, scope, today),
             *_notice_todos(user, scope, today), *_lead_todos(user, scope, today),
             *_report_todos(user, scope, today)]
    if scope.capabilities() & _INSPECTION_CAPS:
        todos.extend(_inspection_todos(user, scope, today, _Limits()))
    return sorted(todos, key=lambda t: (t.due is None, t.due or today, t.kind, t.object_id))


_REQUEST_ATTR = "_xuncha_todos"


def request_todos(request: HttpRequest) -> list[Todo]:
    """``todos_for`` the request's user, computed once per request (page body and menu badge share it)."""
    cached = getattr(request, _REQUEST_ATTR, None)
    if cached is None:
        cached = todos_for(request.user)
        setattr(request, _REQUEST_ATTR, cached)
    return cached


def todo_count(request: HttpRequest) -> int:
    """The menu badge."""
    return len(request_todos(request))
