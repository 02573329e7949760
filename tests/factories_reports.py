"""The artefacts the inspection's lifecycle asks for (xuncha/reports, ADR-0027), for worlds that walk an inspection
through 反馈 and 进入整改: an approved report, the leading group's and the secretary's decisions, the feedback to
every inspected organisation delivered twice and signed for. Written directly (the worlds have no accounts for the
roles that would write them); the guards then find what they ask for.

    give_artefacts(inspection, actor)  # before inspection_apply_transition(..., "deliver_feedback")
"""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.inspections.models import Inspection
from xuncha.reports.models import (
    REPORT_SECTIONS,
    DecisionKind,
    DeliveryKind,
    Ecology,
    Feedback,
    FeedbackDelivery,
    FeedbackStatus,
    Implementation,
    Meeting,
    MeetingDecision,
    MeetingKind,
    Report,
    ReportStatus,
    ReportVersion,
)


def approved_report(inspection: Inspection, actor: Any, day: datetime.date | None = None) -> Report:
    day = day or inspection.withdrawn_on or inspection.planned_withdrawal
    report = Report.objects.create(inspection=inspection, title="巡察报告", created_by=actor,
                                   status=ReportStatus.APPROVED, submitted_on=day, submitted_by=actor,
                                   approved_on=day, approved_by=actor)
    version = ReportVersion(report=report, number=1, saved_by=actor, ecology=Ecology.STEADY,
                            implementation=Implementation.FAIR_GOOD)
    version.set_sections({key: f"{heading}的内容" for key, heading in REPORT_SECTIONS})
    version.save()
    return report


def meetings_recorded(inspection: Inspection, actor: Any, day: datetime.date | None = None) -> None:
    day = day or inspection.withdrawn_on or inspection.planned_withdrawal
    for kind in MeetingKind.values:
        meeting = Meeting.objects.create(round=inspection.round, kind=kind, held_on=day, chair="主持人",
                                         attendees="出席人员", recorded_by=actor)
        MeetingDecision.objects.create(meeting=meeting, inspection=inspection, kinds=[DecisionKind.AGREE_FEEDBACK])


def feedback_received(inspection: Inspection, actor: Any, day: datetime.date | None = None) -> list[Feedback]:
    day = day or inspection.feedback_on or inspection.withdrawn_on or inspection.planned_withdrawal
    made = []
    for target in inspection.targets.all():
        feedback = Feedback(inspection=inspection, organization=target.organization, title="反馈意见",
                            created_by=actor, status=FeedbackStatus.RECEIVED, issued_on=day, issued_by=actor,
                            received_on=day, received_by=actor, received_name="签收人")
        feedback.set_sections({"problems": "问题", "requirements": "要求"})
        feedback.save()
        for kind in DeliveryKind.values:
            FeedbackDelivery.objects.create(feedback=feedback, kind=kind, delivered_on=day, place="会议室",
                                            delivered_by="巡察组", received_by="领导班子", recorded_by=actor)
        made.append(feedback)
    return made


def give_artefacts(inspection: Inspection, actor: Any, day: datetime.date | None = None) -> None:
    """Everything 反馈 and 进入整改 ask for, at once."""
    approved_report(inspection, actor, day)
    meetings_recorded(inspection, actor, day)
    feedback_received(inspection, actor, day)
