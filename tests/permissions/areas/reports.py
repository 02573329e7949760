"""The matrix rows of the report, the meetings and the feedback (xuncha/reports).

Who sees what (xuncha/reports/models.py): the report of 11-7-03, its versions and special reports — 第三组's leader
and deputy, the city's office (staff, director) and leading group; never 第三组's member, 市工商联's liaison, the
discipline commission, the organisation department, another team or another unit's liaison (the page kind is 404
for a role that never reads a report; through the API a visible inspection whose report the caller may not read is
403). The meetings and the round's briefing — the office and the leading group. The feedback to 市工商联 — the
report's readers and, being delivered, 市工商联's liaison (who signs for it and sees nothing else of the report).

11-7-03 is rectifying and everything it asked for exists: its report is approved, its meetings held, its feedback
delivered twice and signed for. So the writes that belong to the reporting stage are refused with their reason
(``Refused``): editing or composing the report, a special report, drafting, issuing, delivering, signing for the
feedback. Recording a meeting of round 7 on 11-7-03 (its report approved) and copying its feedback to the
responsible department succeed. The out-of-scope objects are 11-7-05's (市房管局, reporting, its report submitted),
a feedback the matrix makes for it, and round 6's meeting.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import (
    ANONYMOUS,
    COUNTY_DIRECTOR,
    COUNTY_LEADER,
    DISCIPLINE,
    LEADING_GROUP,
    LIAISON,
    MEMBER1,
    OFFICE,
    OFFICE_DIRECTOR,
    ORG_DEPARTMENT,
    POST_ONLY_GET,
    TEAM3,
    TEAM_DEPUTY,
    TEAM_LEADER,
    Obj,
    Refused,
    Route,
    Scoped,
    Spec,
    Variant,
    all_but,
    group,
)
from xuncha.accounts.models import User
from xuncha.inspections.models import Inspection, Round
from xuncha.reports.models import Feedback, Meeting, MeetingKind, Report

INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))
REPORT = Scoped(Obj("reports.report.gsl"), Obj("reports.report.fgj"))
FEEDBACK = Scoped(Obj("reports.feedback.gsl"), Obj("reports.feedback.fgj"))
ROUND = Scoped(Obj("round.7"), Obj("round.6"))
MEETING = Scoped(Obj("reports.meeting.7"), Obj("reports.meeting.6"))

READERS = group(OFFICE, LEADING_GROUP, TEAM_LEADER, TEAM_DEPUTY)
WRITERS = group(TEAM_LEADER, TEAM_DEPUTY)
FEEDBACK_READERS = group(READERS, LIAISON)
RECORDERS = group(OFFICE, TEAM_LEADER)  # the two deliveries and the copies
MEETING_READERS = group(OFFICE, LEADING_GROUP)
# Everyone who sees 11-7-03 itself: the city's jurisdiction roles, 第三组, 市工商联's liaison.
SEES_GSL = group(OFFICE, LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, LIAISON)
# Everyone who sees round 7: the city's jurisdiction roles and the members of its teams.
SEES_ROUND7 = group(OFFICE, LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, MEMBER1, COUNTY_LEADER)

REPORT_CLOSED = Refused(400, "11-7-03 is rectifying: the report is written and submitted until the feedback",
                        "巡察已进入反馈阶段")
SUBMIT_DONE = Refused(409, "11-7-03's report is approved already: only a draft or a returned one is submitted",
                      "当前状态下不能执行此操作")
REVIEW_DONE = Refused(409, "11-7-03's report is approved already: only a submitted one is approved or returned",
                      "当前状态下不能执行此操作")
FEEDBACK_STAGE_OVER = Refused(400, "11-7-03 is rectifying: feedback is drafted in the reporting stage",
                              "反馈意见在巡察报告阶段起草")
FEEDBACK_ISSUED = Refused(400, "11-7-03's feedback was issued long ago: it is no longer edited", "已印发")
RECEIVED_ALREADY = Refused(409, "市工商联 signed for its feedback on the day of the feedback",
                           "当前状态下不能执行此操作")
ISSUED_ALREADY = Refused(409, "11-7-03's feedback was issued before the feedback stage", "当前状态下不能执行此操作")
DELIVERIES_OVER = Refused(400, "11-7-03 is rectifying: the deliveries were recorded in the feedback stage",
                          "巡察已进入整改阶段")


def page(readers: frozenset[str], code: Any = 200) -> Spec:
    return {ANONYMOUS: 302, readers: code, all_but(readers): 404}


def write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = READERS,
          anonymous: int = 302) -> Spec:
    """``result`` for ``allowed``, 403 for the others who see the object on this page, 404 for the rest."""
    allowed = group(allowed)
    return {ANONYMOUS: anonymous, allowed: result, group(seen_by) - allowed: 403, all_but(seen_by): 404}


REPORT_BODY = {"basic": "矩阵基本情况", "problems": "（一）矩阵问题。", "leads": "矩阵线索", "suggestions": "矩阵建议",
               "annex": "", "ecology": "steady", "implementation": "good", "note": "矩阵"}
FEEDBACK_BODY = {"title": "矩阵反馈意见", "work": "矩阵", "affirm": "矩阵", "problems": "矩阵问题",
                 "requirements": "矩阵要求", "problem_list": ""}
MEETING_FORM = {"kind": "leading_group", "held_on": "2019-03-01", "chair": "矩阵主持人", "attendees": "矩阵出席人员",
                "kinds_11-7-03": "agree_feedback", "text_11-7-03": "矩阵决定"}
DELIVERY = {"kind": "principal", "delivered_on": "2019-01-18", "place": "矩阵会议室", "delivered_by": "矩阵反馈人",
            "received_by": "矩阵接受人"}
COPY = {"body": "responsible_department", "name": "矩阵主责部门"}

PAGES: dict[str, Route] = {
    "reports:report-list": Route(get={ANONYMOUS: 302, group(READERS, COUNTY_DIRECTOR, COUNTY_LEADER): 200,
                                      all_but(READERS, COUNTY_DIRECTOR, COUNTY_LEADER): 404}),
    "reports:report-detail": Route(kwargs={"pk": INSPECTION}, get=page(READERS)),
    "reports:report-versions": Route(kwargs={"pk": INSPECTION}, get=page(READERS)),
    "reports:report-compose": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET, post=write(WRITERS, REPORT_CLOSED),
                                    body={}),
    "reports:report-edit": Route(kwargs={"pk": INSPECTION}, get=write(WRITERS, 200),
                                 post=write(WRITERS, REPORT_CLOSED), body=REPORT_BODY),
    "reports:report-transition": Route(
        kwargs={"pk": INSPECTION, "name": "submit"}, get=POST_ONLY_GET, post=write(TEAM_LEADER, SUBMIT_DONE),
        body={},
        variants={
            "approve": Variant(kwargs={"name": "approve"}, post=write(OFFICE_DIRECTOR, REVIEW_DONE)),
            "return": Variant(kwargs={"name": "return"}, body={"note": "矩阵退回"},
                              post=write(OFFICE_DIRECTOR, REVIEW_DONE)),
        }),
    "reports:special-report-create": Route(
        kwargs={"pk": INSPECTION}, get=write(WRITERS, 200), post=write(WRITERS, REPORT_CLOSED),
        body={"kind": "general", "title": "矩阵专题报告", "body": "矩阵正文"}),
    "reports:feedback-list": Route(kwargs={"pk": INSPECTION}, get=page(FEEDBACK_READERS)),
    "reports:feedback-compose": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET,
                                      post=write(WRITERS, FEEDBACK_STAGE_OVER), body={}),
    "reports:feedback-detail": Route(kwargs={"pk": FEEDBACK}, get=page(FEEDBACK_READERS)),
    # A feedback no longer a draft: its editor is sent back to it (302), with the reason as a message.
    "reports:feedback-edit": Route(kwargs={"pk": FEEDBACK}, get=write(WRITERS, 302, seen_by=FEEDBACK_READERS),
                                   post=write(WRITERS, 302, seen_by=FEEDBACK_READERS), body=FEEDBACK_BODY),
    "reports:feedback-transition": Route(
        kwargs={"pk": FEEDBACK, "name": "receive"}, get=POST_ONLY_GET, body={"received_name": "矩阵签收人"},
        post=write(LIAISON, RECEIVED_ALREADY, seen_by=FEEDBACK_READERS),
        variants={"issue": Variant(kwargs={"name": "issue"},
                                   post=write(OFFICE_DIRECTOR, ISSUED_ALREADY, seen_by=FEEDBACK_READERS))}),
    "reports:feedback-delivery": Route(kwargs={"pk": FEEDBACK}, get=POST_ONLY_GET, body=DELIVERY,
                                       post=write(RECORDERS, DELIVERIES_OVER, seen_by=FEEDBACK_READERS)),
    "reports:feedback-copy": Route(kwargs={"pk": FEEDBACK}, get=POST_ONLY_GET, body=COPY,
                                   post=write(RECORDERS, 302, seen_by=FEEDBACK_READERS)),
    "reports:meeting-list": Route(kwargs={"pk": ROUND}, get=page(MEETING_READERS)),
    "reports:meeting-create": Route(kwargs={"pk": ROUND}, get=write(OFFICE, 200, seen_by=MEETING_READERS),
                                    post=write(OFFICE, 302, seen_by=MEETING_READERS), body=MEETING_FORM),
    "reports:briefing": Route(kwargs={"pk": ROUND}, get=page(MEETING_READERS)),
    "reports:meeting-detail": Route(kwargs={"pk": MEETING}, get=page(MEETING_READERS)),
}

# ---- API --------------------------------------------------------------------------------------------------------


def api_write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = SEES_GSL) -> Spec:
    return write(allowed, result, seen_by=seen_by, anonymous=401)


def api_read(readers: frozenset[str], seen_by: frozenset[str]) -> Spec:
    """200 for the readers, 403 for the others who see the inspection or the round, 404 for the rest."""
    return {ANONYMOUS: 401, readers: 200, group(seen_by) - readers: 403, all_but(seen_by): 404}


API_REPORT = {"basic": "矩阵", "problems": "矩阵", "leads": "矩阵", "suggestions": "矩阵", "ecology": "steady",
              "implementation": "good"}
API_MEETING = {"kind": "leading_group", "held_on": "2019-03-01", "chair": "矩阵主持人", "attendees": "矩阵出席人员",
               "decisions": [{"inspection": Obj("inspection.gsl"), "kinds": ["agree_feedback"], "text": "矩阵"}]}
V1 = "/api/v1"
API: dict[tuple[str, str], Route] = {
    ("GET", f"{V1}/reports"): Route(get={ANONYMOUS: 401, all_but(ANONYMOUS): 200}),
    ("GET", f"{V1}/inspections/{{inspection_id}}/report"): Route(get=api_read(READERS, SEES_GSL)),
    ("PUT", f"{V1}/inspections/{{inspection_id}}/report"): Route(put=api_write(WRITERS, REPORT_CLOSED),
                                                                body=API_REPORT),
    ("POST", f"{V1}/inspections/{{inspection_id}}/report/compose"): Route(post=api_write(WRITERS, REPORT_CLOSED),
                                                                         body={}),
    ("POST", f"{V1}/inspections/{{inspection_id}}/report/transitions/{{step}}"): Route(
        kwargs={"step": "submit"}, body={}, post=api_write(TEAM_LEADER, SUBMIT_DONE),
        variants={"approve": Variant(kwargs={"step": "approve"}, post=api_write(OFFICE_DIRECTOR, REVIEW_DONE)),
                  "return": Variant(kwargs={"step": "return"}, body={"note": "矩阵退回"},
                                    post=api_write(OFFICE_DIRECTOR, REVIEW_DONE))}),
    ("POST", f"{V1}/inspections/{{inspection_id}}/special-reports"): Route(
        post=api_write(WRITERS, REPORT_CLOSED), body={"kind": "general", "title": "矩阵", "body": "矩阵"}),
    ("GET", f"{V1}/inspections/{{inspection_id}}/feedbacks"): Route(
        get={ANONYMOUS: 401, SEES_GSL: 200, all_but(SEES_GSL): 404}),
    ("POST", f"{V1}/inspections/{{inspection_id}}/feedbacks"): Route(post=api_write(WRITERS, FEEDBACK_STAGE_OVER),
                                                                    body={}),
    ("GET", f"{V1}/feedbacks/{{feedback_id}}"): Route(
        get={ANONYMOUS: 401, FEEDBACK_READERS: 200, all_but(FEEDBACK_READERS): 404}),
    ("PUT", f"{V1}/feedbacks/{{feedback_id}}"): Route(put=api_write(WRITERS, FEEDBACK_ISSUED,
                                                                    seen_by=FEEDBACK_READERS), body=FEEDBACK_BODY),
    ("POST", f"{V1}/feedbacks/{{feedback_id}}/transitions/{{step}}"): Route(
        kwargs={"step": "receive"}, body={}, post=api_write(LIAISON, RECEIVED_ALREADY, seen_by=FEEDBACK_READERS),
        variants={"issue": Variant(kwargs={"step": "issue"},
                                   post=api_write(OFFICE_DIRECTOR, ISSUED_ALREADY, seen_by=FEEDBACK_READERS))}),
    ("POST", f"{V1}/feedbacks/{{feedback_id}}/deliveries"): Route(
        post=api_write(RECORDERS, DELIVERIES_OVER, seen_by=FEEDBACK_READERS), body=DELIVERY),
    ("POST", f"{V1}/feedbacks/{{feedback_id}}/copies"): Route(
        post=api_write(RECORDERS, 201, seen_by=FEEDBACK_READERS), body=COPY),
    ("GET", f"{V1}/rounds/{{round_id}}/meetings"): Route(get=api_read(MEETING_READERS, SEES_ROUND7)),
    ("POST", f"{V1}/rounds/{{round_id}}/meetings"): Route(post=api_write(OFFICE, 201, seen_by=SEES_ROUND7),
                                                         body=API_MEETING),
    ("GET", f"{V1}/rounds/{{round_id}}/briefing"): Route(get=api_read(MEETING_READERS, SEES_ROUND7)),
}
API_KWARGS: dict[str, Any] = {"feedback_id": FEEDBACK}


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    gsl = Inspection.objects.get(pk=objects["inspection.gsl"])
    fgj = Inspection.objects.get(pk=objects["inspection.fgj"])
    fgj_feedback = Feedback(inspection=fgj, organization=fgj.targets.get().organization, title="矩阵反馈意见",
                            created_by=users[OFFICE_DIRECTOR], status="delivered", issued_on=fgj.withdrawn_on)
    fgj_feedback.set_sections({"problems": "矩阵", "requirements": "矩阵"})
    fgj_feedback.save()
    round6 = Round.objects.get(pk=objects["round.6"])
    return {
        "reports.report.gsl": Report.objects.get(inspection=gsl).pk,
        "reports.report.fgj": Report.objects.get(inspection=fgj).pk,
        "reports.feedback.gsl": Feedback.objects.get(inspection=gsl).pk,
        "reports.feedback.fgj": fgj_feedback.pk,
        "reports.meeting.7": Meeting.objects.filter(decisions__inspection=gsl,
                                                    kind=MeetingKind.LEADING_GROUP).get().pk,
        "reports.meeting.6": Meeting.objects.filter(round=round6).order_by("held_on")[0].pk,
    }

