"""The transition tables of the report and the feedback (ADR-0005, ADR-0027), and the guards this app adds to the
inspection's lifecycle: the lifecycle asks for the artefacts each stage produces.

Report: draft → submitted (the team leader) → approved (the office director), or returned with a reason (→ edited
and submitted again). Feedback: draft → issued (the office director: numbered and dated, the report approved and
the secretary's meeting having agreed) → delivered (taken by the service when the second of the two deliveries,
双反馈, is recorded) → received (the liaison signs for it).

The inspection's steps (``INSPECTION_WORKFLOW.add_guard`` in ``apps.ready``):

- 反馈 (``deliver_feedback``, reporting → feedback): the report submitted by the leader and approved by the office;
  the leading group's hearing and the secretary's meeting recorded with a decision on the inspection, the
  secretary's meeting's agreeing to the feedback;
- 进入整改 (``open_rectification``, feedback → rectifying): for every inspected organisation, its feedback
  delivered to the leadership team and to the principal leader, and signed for by the organisation.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.inspections.states import InspectionStatus
from xuncha.reports.models import (
    DecisionKind,
    DeliveryKind,
    Feedback,
    FeedbackStatus,
    MeetingDecision,
    MeetingKind,
    Report,
    ReportStatus,
)

S = InspectionStatus
# The report is written from the stay on (a draft during the last days is common) until the feedback.
REPORT_STATUSES = frozenset({S.STATIONED, S.REPORTING})
REPORT_CLOSED = "巡察已进入反馈阶段，巡察报告不能再修改或报送。"
# The feedback is drafted and issued in the reporting stage, delivered and signed for until rectification opens.
FEEDBACK_DRAFT_STATUSES = frozenset({S.REPORTING})
FEEDBACK_DELIVERY_STATUSES = frozenset({S.REPORTING, S.FEEDBACK})


def _report_open(report: Any) -> str | None:
    """巡察报告阶段"""
    return None if report.inspection.status in REPORT_STATUSES else REPORT_CLOSED


def _report_has_text(report: Any) -> str | None:
    """报告已成稿并作出总体评价"""
    latest = report.latest_version()
    if latest is None or not any(text.strip() for text in latest.sections.values()):
        return "巡察报告尚无正文，请先生成初稿并修改。"
    missing = [heading for key, heading, text in latest.heading_sections() if key != "annex" and not text.strip()]
    if missing:
        return f"巡察报告缺少：{'、'.join(missing)}。"
    if not latest.ecology or not latest.implementation:
        return "巡察报告尚未作出总体评价（政治生态、贯彻决策部署）。"
    return None


R = ReportStatus
REPORT_TRANSITIONS: dict[str, Transition] = {
    "submit": Transition("submit", _("组长报送巡察办"), frozenset({R.DRAFT, R.RETURNED}), R.SUBMITTED,
                         Cap.SUBMIT_REPORTS, (_report_open, _report_has_text), date_field="submitted_on"),
    "approve": Transition("approve", _("巡察办审定"), frozenset({R.SUBMITTED}), R.APPROVED, Cap.APPROVE_REPORTS,
                          (_report_open,), style="success", date_field="approved_on"),
    "return": Transition("return", _("退回修改"), frozenset({R.SUBMITTED}), R.RETURNED, Cap.APPROVE_REPORTS,
                         (_report_open,), style="outline-danger", needs_note=True),
}
REPORT_WORKFLOW = register(Workflow("inspection_report", _("巡察报告"), ReportStatus, REPORT_TRANSITIONS,
                                    audit_action="inspection_report.{name}"))


def _feedback_drafting(feedback: Any) -> str | None:
    """巡察报告阶段"""
    if feedback.inspection.status in FEEDBACK_DRAFT_STATUSES:
        return None
    return "反馈意见在巡察报告阶段起草和印发。"


def _agreed(feedback: Any) -> str | None:
    """巡察报告已审定，书记专题会同意反馈"""
    return report_blocker(feedback.inspection) or meetings_blocker(feedback.inspection)


def _deliverable(feedback: Any) -> str | None:
    """反馈阶段结束前"""
    if feedback.inspection.status in FEEDBACK_DELIVERY_STATUSES:
        return None
    return "巡察已进入整改阶段，反馈记录不能再变更。"


def _both_deliveries(feedback: Any) -> str | None:
    """已向领导班子和主要负责人分别反馈"""
    done = set(feedback.deliveries.values_list("kind", flat=True))
    missing = [str(label) for kind, label in DeliveryKind.choices if kind not in done]
    return f"尚未{'、'.join(missing)}。" if missing else None


F = FeedbackStatus
FEEDBACK_TRANSITIONS: dict[str, Transition] = {
    "issue": Transition("issue", _("审定印发"), frozenset({F.DRAFT}), F.ISSUED, Cap.APPROVE_REPORTS,
                        (_feedback_drafting, _agreed), style="success", date_field="issued_on"),
    # Taken by services.delivery_record when the second delivery is recorded.
    "deliver": Transition("deliver", _("完成双反馈"), frozenset({F.ISSUED}), F.DELIVERED,
                          Cap.DELIVER_FEEDBACK_RECORDS, (_deliverable, _both_deliveries)),
    "receive": Transition("receive", _("签收"), frozenset({F.DELIVERED}), F.RECEIVED, Cap.RECEIVE_FEEDBACK,
                          (_deliverable,), date_field="received_on"),
}
FEEDBACK_WORKFLOW = register(Workflow("inspection_feedback", _("反馈意见"), FeedbackStatus, FEEDBACK_TRANSITIONS,
                                      audit_action="inspection_feedback.{name}"))
FEEDBACK_FORM_STEPS = ("issue", "receive")


# ---- What the inspection's steps ask for -------------------------------------------------------------------------


def report_blocker(inspection: Any) -> str | None:
    report = Report.objects.filter(inspection=inspection).only("status").first()
    if report is None:
        return "尚无巡察报告（组长报送、巡察办审定后方可反馈）。"
    if report.status == ReportStatus.APPROVED:
        return None
    if report.status == ReportStatus.SUBMITTED:
        return "巡察报告已报送，尚待巡察办审定。"
    if report.status == ReportStatus.RETURNED:
        return "巡察报告已被巡察办退回，尚待修改后重新报送。"
    return "巡察报告尚未由组长报送巡察办。"


def meetings_blocker(inspection: Any) -> str | None:
    decisions = list(MeetingDecision.objects.filter(inspection=inspection).select_related("meeting")
                     .only("kinds", "meeting__kind"))
    missing = []
    if not any(d.meeting.kind == MeetingKind.LEADING_GROUP for d in decisions):
        missing.append("领导小组听取汇报的意见")
    secretary = [d for d in decisions if d.meeting.kind == MeetingKind.SECRETARY]
    if not secretary:
        missing.append("书记专题会的决定")
    elif not any(DecisionKind.AGREE_FEEDBACK in d.kinds for d in secretary):
        return "书记专题会尚未决定同意反馈。"
    return f"尚未记录{'和'.join(missing)}。" if missing else None


def report_and_meetings(inspection: Any) -> str | None:
    """巡察报告经巡察办审定，领导小组听取汇报、书记专题会同意反馈"""
    reasons = [r for r in (report_blocker(inspection), meetings_blocker(inspection)) if r]
    return "".join(reasons) or None


def feedback_delivered_and_received(inspection: Any) -> str | None:
    """反馈意见已分别向领导班子和主要负责人反馈并经被巡察党组织签收"""
    targets = list(inspection.targets.all())
    feedbacks = {f.organization_id: f for f in Feedback.objects.filter(inspection=inspection)
                 .prefetch_related("deliveries")}
    missing: list[str] = []
    for target in targets:
        feedback = feedbacks.get(target.organization_id)
        name = str(target.organization)
        if feedback is None:
            missing.append(f"{name}尚无反馈意见")
        elif feedback.status in (F.DRAFT, F.ISSUED):
            done = {d.kind for d in feedback.deliveries.all()}
            lacking = [str(label) for kind, label in DeliveryKind.choices if kind not in done]
            word = "尚未印发" if feedback.status == F.DRAFT else f"尚未{'、'.join(lacking)}"
            missing.append(f"{name}的反馈意见{word}")
        elif feedback.status == F.DELIVERED:
            missing.append(f"{name}尚未签收反馈意见")
    return f"{'；'.join(missing)}。" if missing else None
