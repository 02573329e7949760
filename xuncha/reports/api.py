"""API endpoints of the report, the meetings and the feedback: the same selectors, services and FilterSets as the
pages.

An inspection or a round outside the caller's scope is a 404; a visible one whose reports (meetings) the caller's
roles do not read is a 403; a report or a feedback outside the caller's grants is a 404 like a missing one (the
liaison: a feedback before its delivery, the report always).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter
from xuncha.inspections.access import access_inspection
from xuncha.reports import selectors, services
from xuncha.reports.filters import MeetingFilter, ReportFilter
from xuncha.reports.models import Feedback, Meeting, Report
from xuncha.reports.schemas import (
    BriefingOut,
    CopyIn,
    DeliveryIn,
    FeedbackIn,
    FeedbackOut,
    MeetingFilters,
    MeetingIn,
    MeetingOut,
    ReportDetailOut,
    ReportFilters,
    ReportIn,
    ReportOut,
    SpecialReportIn,
    SpecialReportOut,
    StepIn,
)
from xuncha.reports.workflows import FEEDBACK_FORM_STEPS, REPORT_WORKFLOW

router = Router(tags=["巡察报告与反馈"])


def _report(report: Report, *, detail: bool = False) -> dict[str, Any]:
    # A list row carries its latest version's number (annotated: one query for the page); the detail loads it.
    latest = report.latest_version() if detail else None
    number = latest.number if latest else getattr(report, "latest_number", None)
    out: dict[str, Any] = {"id": report.pk, "inspection_id": report.inspection_id, "code": report.inspection.code,
                           "title": report.title, "status": report.status, "submitted_on": report.submitted_on,
                           "approved_on": report.approved_on, "version": number}
    if detail:
        out.update(ecology=latest.ecology if latest else "", implementation=latest.implementation if latest else "",
                   sections=[{"key": k, "heading": h, "text": t} for k, h, t in latest.heading_sections()]
                   if latest else [],
                   versions=[{"number": v.number, "saved_at": v.saved_at, "saved_by": str(v.saved_by),
                              "note": v.note, "composed": v.composed, "ecology": v.ecology,
                              "implementation": v.implementation} for v in selectors.versions(report)])
    return out


def _report_detail(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    inspection = selectors.report_inspection(actor, inspection_id)
    report = selectors.report_of(actor, inspection)
    if report is None:
        raise Http404("尚无巡察报告。")
    return _report(report, detail=True)


@router.get("/reports", response=paged(ReportOut), summary="巡察报告")
def report_list(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """Every report the caller reads (the team's leader and deputies, the office, the leading group); the
    parameters are the page's filters."""
    actor = actor_of(request)
    qs = api_filter(ReportFilter, filters, selectors.report_list(actor=actor), actor)
    page = paginate(qs, filters)
    page["results"] = [_report(r) for r in page["results"]]
    return page


@router.get("/inspections/{inspection_id}/report", response=ReportDetailOut, summary="巡察报告详情")
def report_detail(request: HttpRequest, inspection_id: Id) -> dict[str, Any]:
    return _report_detail(request, inspection_id)


@router.post("/inspections/{inspection_id}/report/compose", response={201: ReportDetailOut},
             summary="生成巡察报告初稿")
def report_compose(request: HttpRequest, inspection_id: Id) -> tuple[int, dict[str, Any]]:
    """A first draft from the stay's records, as a new version (the leader or a deputy)."""
    services.report_compose(actor=actor_of(request), inspection_id=inspection_id)
    return 201, _report_detail(request, inspection_id)


@router.put("/inspections/{inspection_id}/report", response=ReportDetailOut, summary="保存巡察报告（新版本）")
def report_save(request: HttpRequest, inspection_id: Id, payload: ReportIn) -> dict[str, Any]:
    data = payload.model_dump()
    services.report_save(actor=actor_of(request), inspection_id=inspection_id, data=services.ReportData(
        sections={k: data[k] for k in ("basic", "problems", "leads", "suggestions", "annex")},
        ecology=payload.ecology, implementation=payload.implementation, note=payload.note))
    return _report_detail(request, inspection_id)


@router.post("/inspections/{inspection_id}/report/transitions/{step}", response=ReportDetailOut,
             summary="巡察报告报送、审定、退回")
def report_transition(request: HttpRequest, inspection_id: Id, step: str, payload: StepIn) -> dict[str, Any]:
    """``step``: submit (the team leader), approve or return (the office director; return needs ``note``)."""
    if step not in REPORT_WORKFLOW.transitions:
        raise Http404("操作不存在。")
    services.report_transition(actor=actor_of(request), inspection_id=inspection_id, transition=step,
                               note=payload.note, on=payload.on)
    return _report_detail(request, inspection_id)


@router.post("/inspections/{inspection_id}/special-reports", response={201: SpecialReportOut}, summary="撰写专题报告")
def special_report_create(request: HttpRequest, inspection_id: Id,
                          payload: SpecialReportIn) -> tuple[int, dict[str, Any]]:
    special = services.special_report_create(actor=actor_of(request), inspection_id=inspection_id,
                                             kind=payload.kind, title=payload.title, body=payload.body,
                                             on=payload.on)
    return 201, {"id": special.pk, "kind": special.kind, "title": special.title, "body": special.body,
                 "written_on": special.written_on}


def _feedback(feedback: Feedback) -> dict[str, Any]:
    return {"id": feedback.pk, "inspection_id": feedback.inspection_id, "organization_id": feedback.organization_id,
            "organization": str(feedback.organization), "title": feedback.title, "number": feedback.number,
            "status": feedback.status, "issued_on": feedback.issued_on, "plan_due": feedback.plan_due,
            "report_due": feedback.report_due, "received_on": feedback.received_on,
            "received_name": feedback.received_name,
            "sections": [{"key": k, "heading": h, "text": t} for k, h, t in feedback.heading_sections()],
            "deliveries": [{"kind": d.kind, "delivered_on": d.delivered_on, "place": d.place,
                            "delivered_by": d.delivered_by, "received_by": d.received_by}
                           for d in feedback.deliveries.all()],
            "copies": [{"body": c.body, "name": c.name, "sent_on": c.sent_on} for c in feedback.copies.all()]}


def _feedback_detail(request: HttpRequest, feedback_id: int) -> dict[str, Any]:
    return _feedback(selectors.feedback_get(actor=actor_of(request), pk=feedback_id))


@router.get("/inspections/{inspection_id}/feedbacks", response=list[FeedbackOut], summary="反馈意见")
def feedback_list(request: HttpRequest, inspection_id: Id) -> list[dict[str, Any]]:
    """The report's readers see every organisation's feedback; the liaison theirs, once delivered."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    return [_feedback(f) for f in selectors.feedback_list(actor=actor, inspection=inspection)]


@router.post("/inspections/{inspection_id}/feedbacks", response={201: list[FeedbackOut]},
             summary="从审定的报告生成反馈意见")
def feedback_compose(request: HttpRequest, inspection_id: Id) -> tuple[int, list[dict[str, Any]]]:
    made = services.feedback_compose(actor=actor_of(request), inspection_id=inspection_id)
    return 201, [_feedback_detail(request, f.pk) for f in made]


@router.get("/feedbacks/{feedback_id}", response=FeedbackOut, summary="反馈意见详情")
def feedback_detail(request: HttpRequest, feedback_id: Id) -> dict[str, Any]:
    return _feedback_detail(request, feedback_id)


@router.put("/feedbacks/{feedback_id}", response=FeedbackOut, summary="修改反馈意见")
def feedback_save(request: HttpRequest, feedback_id: Id, payload: FeedbackIn) -> dict[str, Any]:
    """Refused when the text holds a trace of a talk or a petition (names, codes, titles, days)."""
    data = payload.model_dump()
    services.feedback_save(actor=actor_of(request), feedback_id=feedback_id, title=payload.title,
                           sections={k: data[k] for k in ("work", "affirm", "problems", "requirements",
                                                          "problem_list")})
    return _feedback_detail(request, feedback_id)


@router.post("/feedbacks/{feedback_id}/transitions/{step}", response=FeedbackOut, summary="反馈意见印发、签收")
def feedback_transition(request: HttpRequest, feedback_id: Id, step: str, payload: StepIn) -> dict[str, Any]:
    """``step``: issue (the office director), receive (签收, the liaison)."""
    if step not in FEEDBACK_FORM_STEPS:
        raise Http404("操作不存在。")
    services.feedback_transition(actor=actor_of(request), feedback_id=feedback_id, transition=step, on=payload.on,
                                 received_name=payload.received_name)
    return _feedback_detail(request, feedback_id)


@router.post("/feedbacks/{feedback_id}/deliveries", response={201: FeedbackOut}, summary="记录反馈（双反馈）")
def feedback_delivery(request: HttpRequest, feedback_id: Id, payload: DeliveryIn) -> tuple[int, dict[str, Any]]:
    services.delivery_record(actor=actor_of(request), feedback_id=feedback_id, data=services.DeliveryData(
        kind=payload.kind, delivered_on=payload.delivered_on, place=payload.place,
        delivered_by=payload.delivered_by, received_by=payload.received_by))
    return 201, _feedback_detail(request, feedback_id)


@router.post("/feedbacks/{feedback_id}/copies", response={201: FeedbackOut}, summary="记录抄告")
def feedback_copy(request: HttpRequest, feedback_id: Id, payload: CopyIn) -> tuple[int, dict[str, Any]]:
    services.copy_record(actor=actor_of(request), feedback_id=feedback_id, body=payload.body, name=payload.name,
                         on=payload.on)
    return 201, _feedback_detail(request, feedback_id)


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {"id": meeting.pk, "round_id": meeting.round_id, "kind": meeting.kind, "held_on": meeting.held_on,
            "place": meeting.place, "chair": meeting.chair, "attendees": meeting.attendees, "minutes": meeting.minutes,
            "decisions": [{"inspection_id": d.inspection_id, "code": d.inspection.code, "kinds": d.kinds,
                           "text": d.text} for d in meeting.decisions.all()]}


@router.get("/rounds/{round_id}/meetings", response=paged(MeetingOut), summary="听取巡察汇报的会议")
def meeting_list(request: HttpRequest, round_id: Id,
                 filters: Query[MeetingFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    actor = actor_of(request)
    rnd = selectors.meetings_round(actor, round_id)
    qs = api_filter(MeetingFilter, filters, selectors.meeting_list(actor=actor, rnd=rnd), actor)
    page = paginate(qs, filters)
    page["results"] = [_meeting(m) for m in page["results"]]
    return page


@router.post("/rounds/{round_id}/meetings", response={201: MeetingOut}, summary="记录会议")
def meeting_create(request: HttpRequest, round_id: Id, payload: MeetingIn) -> tuple[int, dict[str, Any]]:
    actor = actor_of(request)
    meeting = services.meeting_create(actor=actor, round_id=round_id, data=services.MeetingData(
        kind=payload.kind, held_on=payload.held_on, chair=payload.chair, attendees=payload.attendees,
        place=payload.place, minutes=payload.minutes,
        decisions=[services.DecisionData(d.inspection, [str(k) for k in d.kinds], d.text) for d in payload.decisions]))
    return 201, _meeting(selectors.meeting_get(actor=actor, pk=meeting.pk))


@router.get("/rounds/{round_id}/briefing", response=BriefingOut, summary="本轮巡察综合报告")
def briefing(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    actor = actor_of(request)
    data = selectors.round_briefing(actor=actor, rnd=selectors.meetings_round(actor, round_id))
    names = dict(data.areas)
    return {"round_id": data.round.pk, "areas": [n for _pk, n in data.areas],
            "rows": [{"inspection_id": r.inspection.pk, "code": r.inspection.code,
                      "team": r.inspection.team.name if r.inspection.team else "",
                      "report_status": r.report.status if r.report else "", "ecology": r.ecology,
                      "implementation": r.implementation,
                      "problems": {names[k]: v for k, v in r.problems.items() if k in names},
                      "immediate_total": r.immediate_total, "immediate_done": r.immediate_done,
                      "decisions": r.decisions} for r in data.rows],
            "totals": {names[k]: v for k, v in data.totals.items() if k in names},
            "reports_approved": data.reports_approved, "immediate_total": data.immediate_total,
            "immediate_done": data.immediate_done}
