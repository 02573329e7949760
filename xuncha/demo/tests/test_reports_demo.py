"""The demo's reports, meetings and feedback: every inspection past 反馈 has what the lifecycle asks for, dated
between its withdrawal and its feedback; 市工商联's went through the services; no feedback carries a trace of any
of the demo's talks or petitions."""

from __future__ import annotations

import pytest

from xuncha.accounts.models import User
from xuncha.demo.loader import LoadResult
from xuncha.fieldwork.models import Talk, TalkRecord
from xuncha.inspections.models import Inspection
from xuncha.inspections.states import ORDER, InspectionStatus
from xuncha.petitions.models import Petition
from xuncha.reports.deidentify import date_forms
from xuncha.reports.models import (
    DeliveryKind,
    Feedback,
    FeedbackStatus,
    MeetingDecision,
    MeetingKind,
    Report,
    ReportStatus,
)
from xuncha.reports.workflows import feedback_delivered_and_received, report_and_meetings

pytestmark = pytest.mark.django_db


def test_every_inspection_past_feedback_has_its_artefacts(demo: LoadResult) -> None:
    past = [i for i in Inspection.objects.prefetch_related("targets__organization")
            if ORDER.index(i.status) >= ORDER.index(InspectionStatus.FEEDBACK)]
    assert len(past) > 40
    for insp in past:
        assert report_and_meetings(insp) is None, insp.code
        report = Report.objects.get(inspection=insp)
        withdrawn, submitted, approved, fed_back = (insp.withdrawn_on, report.submitted_on, report.approved_on,
                                                    insp.feedback_on)
        assert withdrawn and submitted and approved and fed_back, insp.code
        assert withdrawn < submitted <= approved < fed_back, insp.code
        for decision in MeetingDecision.objects.filter(inspection=insp).select_related("meeting"):
            assert approved < decision.meeting.held_on < fed_back, insp.code
        if ORDER.index(insp.status) >= ORDER.index(InspectionStatus.RECTIFYING):
            assert feedback_delivered_and_received(insp) is None, insp.code
    # The speech's secretary's meetings: round 5 heard on 8 October 2018.
    assert MeetingDecision.objects.filter(meeting__kind=MeetingKind.SECRETARY, inspection__round__number=5,
                                          meeting__held_on="2018-10-08").count() == 4
    # Inspections still reporting have a report waiting for the office.
    reporting = Inspection.objects.filter(status=InspectionStatus.REPORTING)
    assert reporting.exists()
    assert set(Report.objects.filter(inspection__in=reporting).values_list("status", flat=True)) == {
        ReportStatus.SUBMITTED}


def test_the_third_teams_report_and_feedback_went_through_the_services(demo: LoadResult) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    report = Report.objects.get(inspection=gsl)
    leader, liaison = User.objects.get(username="leader3"), User.objects.get(username="liaison_gsl")
    assert report.submitted_by == leader and report.approved_by == User.objects.get(username="director")
    assert report.versions.count() == 2 and "会员活动经费" in report.versions.order_by("-number")[0].sections[
        "problems"]
    (feedback,) = Feedback.objects.filter(inspection=gsl)
    assert feedback.status == FeedbackStatus.RECEIVED and feedback.received_by == liaison
    assert set(feedback.deliveries.values_list("kind", flat=True)) == set(DeliveryKind.values)
    assert feedback.copies.count() == 3 and feedback.number.startswith("洛巡反〔2019〕")


def test_no_feedback_carries_a_trace_of_the_demos_talks_or_petitions(demo: LoadResult) -> None:
    """Every name, code, title and day of every talk and petition of the demo, searched in every feedback."""
    traces: set[str] = set()
    for name, code, scheduled in Talk.objects.values_list("name", "code", "scheduled_at"):
        traces |= {name, code}
        if scheduled:
            traces |= set(date_forms(scheduled.date()))
    for started in TalkRecord.objects.values_list("started_at", flat=True):
        traces |= set(date_forms(started.date()))
    for petition in Petition.objects.all():
        traces |= {petition.number, f"{petition.number} {petition.summary}", *date_forms(petition.received_on)}
        if petition.petitioner_name:
            traces.add(petition.petitioner_name)
    traces = {t for t in traces if t and len(t) >= 2}
    assert len(traces) > 50
    feedbacks = list(Feedback.objects.all())
    assert feedbacks
    for feedback in feedbacks:
        text = "\n".join([feedback.title, *feedback.sections.values()])
        found = sorted(t for t in traces if t in text)
        assert not found, (feedback.inspection_id, found)
