"""The reads of reports, meetings and feedback: every list starts from ``visible_to(actor)``; an inspection or a
round outside the caller's scope is a 404, a visible one whose reports the caller's roles do not read a 403.

``round_briefing`` is the round's 综合报告 for the leading group and the secretary's meeting: per inspection of the
round its report's state, judgment and meetings' decisions, and the problems counted by the areas of the round's
focus framework across teams.
"""

from __future__ import annotations

import datetime
import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.scoping import access
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection, Round
from xuncha.notices.selectors import immediate_items, immediate_summary
from xuncha.reports.compose import areas, problem_counts
from xuncha.reports.models import (
    REPORT_SECTIONS,
    Feedback,
    FeedbackStatus,
    Meeting,
    MeetingDecision,
    Report,
    ReportStatus,
    ReportVersion,
    SpecialReport,
)
from xuncha.reports.workflows import REPORT_STATUSES

# Who opens an inspection's report page: its readers; the liaison opens only the feedback addressed to them.
REPORT_CAPS = frozenset({Cap.VIEW_REPORTS})


def report_inspection(actor: User, pk: object) -> Inspection:
    """An inspection whose report ``actor`` reads: 404 out of scope, 403 for a role that reads no report."""
    inspection = access_inspection(actor, pk)
    if Cap.VIEW_REPORTS not in inspection.capabilities_for(actor):
        raise CapabilityMissing("您的角色不能查看巡察报告。")
    return inspection


def meetings_round(actor: User, pk: object) -> Round:
    """A round whose meetings ``actor`` reads (the office, the leading group)."""
    rnd = access(Round, actor, pk, queryset=Round.objects.select_related("term", "jurisdiction"))
    if Cap.VIEW_MEETINGS not in rnd.capabilities_for(actor):
        raise CapabilityMissing("您的角色不能查看听取巡察汇报的会议。")
    return rnd


def report_of(actor: User, inspection: Inspection) -> Report | None:
    return (Report.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("inspection__round", "submitted_by", "approved_by").first())


def report_list(*, actor: User) -> QuerySet[Report]:
    """Every report ``actor`` reads, newest rounds first."""
    return (Report.objects.visible_to(actor)
            .select_related("inspection__round", "inspection__team", "submitted_by", "approved_by")
            .prefetch_related("inspection__targets__organization")
            .annotate(latest_number=Max("versions__number"))
            .order_by("-inspection__round__planned_start", "inspection__code"))


def versions(report: Report) -> list[ReportVersion]:
    """The versions of a report already loaded through the scope kernel, newest first."""
    return list(ReportVersion.objects.filter(report=report).select_related("saved_by").order_by("-number"))


@dataclass(frozen=True)
class SectionDiff:
    heading: str
    changed: bool
    lines: list[tuple[str, str]]  # (" ", "+", "-") and the line


def compare(older: ReportVersion, newer: ReportVersion) -> list[SectionDiff]:
    """Two versions section by section: the lines removed and added (and the judgment when it changed)."""
    out: list[SectionDiff] = []
    a_texts, b_texts = older.sections, newer.sections
    for key, heading in REPORT_SECTIONS:
        a, b = a_texts[key].splitlines(), b_texts[key].splitlines()
        lines: list[tuple[str, str]] = []
        for line in difflib.ndiff(a, b):
            if line.startswith("? "):
                continue
            lines.append((line[0], line[2:]))
        out.append(SectionDiff(heading, a != b, lines))
    judged = [(f"{older.get_ecology_display()} / {older.get_implementation_display()}",
               f"{newer.get_ecology_display()} / {newer.get_implementation_display()}")]
    if judged[0][0] != judged[0][1]:
        out.insert(0, SectionDiff("总体评价（政治生态 / 贯彻决策部署）", True,
                                  [("-", judged[0][0]), ("+", judged[0][1])]))
    return out


def special_reports(actor: User, inspection: Inspection) -> QuerySet[SpecialReport]:
    return (SpecialReport.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("written_by").order_by("written_on", "pk"))


def feedback_list(*, actor: User, inspection: Inspection) -> QuerySet[Feedback]:
    return (Feedback.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("organization", "inspection").prefetch_related("deliveries", "copies")
            .order_by("organization__short_name"))


def feedback_get(*, actor: User, pk: object) -> Feedback:
    return access(Feedback, actor, pk, queryset=Feedback.objects.select_related(
        "inspection__round", "inspection__team", "inspection__jurisdiction", "organization", "issued_by",
        "received_by").prefetch_related("deliveries", "copies"))


def liaison_feedback(*, actor: User) -> QuerySet[Feedback]:
    """Feedback delivered to the liaison's organisations and waiting for their receipt."""
    return (Feedback.objects.visible_to(actor).filter(status=FeedbackStatus.DELIVERED)
            .select_related("inspection", "organization"))


def meeting_list(*, actor: User, rnd: Round) -> QuerySet[Meeting]:
    return (Meeting.objects.visible_to(actor).filter(round=rnd)
            .prefetch_related(Prefetch("decisions", queryset=MeetingDecision.objects.select_related("inspection")))
            .order_by("held_on", "pk"))


def meeting_get(*, actor: User, pk: object) -> Meeting:
    return access(Meeting, actor, pk, queryset=Meeting.objects.select_related("round", "recorded_by")
                  .prefetch_related(Prefetch("decisions", queryset=MeetingDecision.objects
                                             .select_related("inspection").prefetch_related(
                                                 "inspection__targets__organization"))))


def inspection_decisions(actor: User, inspection: Inspection) -> list[MeetingDecision]:
    """The meetings' decisions on an inspection, as ``actor`` may see the meetings (the office, the leading
    group); the team's leader sees them on the report page through the inspection's own scope."""
    return list(MeetingDecision.objects.filter(inspection=inspection).select_related("meeting")
                .order_by("meeting__held_on", "meeting__kind"))


# ---- The round briefing (综合报告) ------------------------------------------------------------------------------


@dataclass
class BriefingRow:
    inspection: Inspection
    report: Report | None
    ecology: str = ""
    implementation: str = ""
    problems: dict[int, int] = field(default_factory=dict)  # area id → count
    immediate_total: int = 0
    immediate_done: int = 0
    decisions: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    round: Round
    areas: list[tuple[int, str]]
    rows: list[BriefingRow]
    totals: dict[int, int]
    immediate_total: int
    immediate_done: int
    reports_approved: int
    day: datetime.date | None = None

    @property
    def problem_total(self) -> int:
        return sum(self.totals.values())


def round_briefing(*, actor: User, rnd: Round) -> Briefing:
    """The round's 综合报告: one row per inspection of the round that ``actor`` sees, its report's state and
    judgment, its problems by area, its immediate-rectification items, the meetings' decisions; totals by area."""
    inspections = list(Inspection.objects.visible_to(actor).filter(round=rnd).select_related("team", "round")
                       .prefetch_related("targets__organization").order_by("code"))
    reports = {r.inspection_id: r for r in Report.objects.visible_to(actor).filter(inspection__in=inspections)}
    latest: dict[int, ReportVersion] = {}
    for saved in ReportVersion.objects.filter(report__in=list(reports.values())).order_by("report", "number"):
        latest[saved.report_id] = saved
    decisions: dict[int, list[str]] = {}
    for decision in (MeetingDecision.objects.filter(meeting__in=Meeting.objects.visible_to(actor),
                                                    inspection__in=inspections)
                     .select_related("meeting").order_by("meeting__held_on")):
        decisions.setdefault(decision.inspection_id, []).append(
            f"{decision.meeting.get_kind_display()}（{decision.meeting.held_on:%Y-%m-%d}）：{'、'.join(decision.kind_labels)}")
    top = areas(inspections[0]) if inspections else []
    totals: Counter[int] = Counter()
    rows: list[BriefingRow] = []
    for insp in inspections:
        report = reports.get(insp.pk)
        version = latest.get(report.pk) if report else None
        counts = {node.pk: n for node, n in problem_counts(insp)}
        totals.update(counts)
        summary = immediate_summary(immediate_items(insp))
        rows.append(BriefingRow(insp, report, version.get_ecology_display() if version else "",
                                version.get_implementation_display() if version else "", counts, summary.total,
                                summary.done, decisions.get(insp.pk, [])))
    return Briefing(rnd, [(n.pk, n.name) for n in top], rows, dict(totals),
                    sum(r.immediate_total for r in rows), sum(r.immediate_done for r in rows),
                    sum(1 for r in rows if r.report and r.report.status == "approved"))


# ---- Home to-dos (dashboards) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTodo:
    kind: str
    title: str
    detail: str
    url: str
    object_type: str
    object_id: int
    due: datetime.date | None = None


TODO_KINDS = {"report_approve": "审定巡察报告", "report_revise": "修改退回的巡察报告",
              "feedback_issue": "印发反馈意见", "feedback_deliver": "记录双反馈", "feedback_receive": "签收反馈意见"}


def _names(inspection: Inspection) -> str:
    return "、".join(str(t.organization) for t in inspection.targets.all())


def report_todos(*, actor: User) -> list[ReportTodo]:
    """What waits for ``actor`` in the report and the feedback: the office director's reports to approve and
    feedback to issue; the leader's returned report and the deliveries still to record; the liaison's feedback to
    sign for (one query each, only for the roles concerned: none for the office staff and the leading group)."""
    scope = scope_of(actor)
    caps = scope.capabilities()
    out: list[ReportTodo] = []
    reports = Report.objects.visible_to(actor).select_related("inspection").prefetch_related(
        "inspection__targets__organization")
    if Cap.APPROVE_REPORTS in caps:
        for r in reports.filter(status=ReportStatus.SUBMITTED, inspection__status__in=list(REPORT_STATUSES)):
            out.append(ReportTodo("report_approve", f"{r.inspection.code} {_names(r.inspection)}",
                                  f"巡察组于{r.submitted_on:%Y年%m月%d日}报送巡察报告，待巡察办审定。",
                                  reverse("reports:report-detail", args=[r.inspection_id]), "inspection",
                                  r.inspection_id))
    if scope.all_team_ids(Cap.SUBMIT_REPORTS):
        for r in reports.filter(status=ReportStatus.RETURNED, inspection__team_id__in=sorted(
                scope.all_team_ids(Cap.SUBMIT_REPORTS))):
            out.append(ReportTodo("report_revise", f"{r.inspection.code} {_names(r.inspection)}",
                                  "巡察办退回了巡察报告，请修改后重新报送。",
                                  reverse("reports:report-detail", args=[r.inspection_id]), "inspection",
                                  r.inspection_id))
    feedbacks = Feedback.objects.visible_to(actor).select_related("inspection", "organization")
    if Cap.APPROVE_REPORTS in caps:
        for f in feedbacks.filter(status=FeedbackStatus.DRAFT, inspection__status="reporting"):
            out.append(ReportTodo("feedback_issue", f"{f.inspection.code} {f.organization}",
                                  "反馈意见已起草，待巡察办审定印发。", f.get_absolute_url(), "feedback", f.pk))
    # The team leader records the deliveries the team made (the office sees the feedback's state on its pages).
    if leading := scope.all_team_ids(Cap.DELIVER_FEEDBACK_RECORDS):
        for f in feedbacks.filter(status=FeedbackStatus.ISSUED, inspection__status__in=["reporting", "feedback"],
                                  inspection__team_id__in=sorted(leading)):
            out.append(ReportTodo("feedback_deliver", f"{f.inspection.code} {f.organization}",
                                  "反馈意见已印发，待分别向领导班子和主要负责人反馈并记录。", f.get_absolute_url(),
                                  "feedback", f.pk))
    if scope.organization_ids:
        for f in feedbacks.filter(status=FeedbackStatus.DELIVERED, organization_id__in=sorted(scope.organization_ids)):
            out.append(ReportTodo("feedback_receive", f"{f.number} {f.title}",
                                  "巡察组已反馈，请签收反馈意见，并按要求报送整改方案。", f.get_absolute_url(),
                                  "feedback", f.pk, f.plan_due))
    return out
