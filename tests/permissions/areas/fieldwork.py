"""The matrix rows of fieldwork (xuncha/fieldwork): talks and talk records, document requests, work records, the
daily log and the weekly summary.

Who sees what (xuncha/fieldwork/models.py): the talk plan, work records and the log are the team's and the office
director's (``Cap.VIEW_FIELDWORK``); a talk record only its two interviewers, the team's leader and deputies and
the office director — ``member3`` is not at the matrix's talk, so its record is a 404 for them; a document request
is also the liaison's of the organisation it is addressed to. The office staff reads the weekly summary only.
Nobody else finds any of it (404), not the leading group, the discipline commission, the organisation department,
another team's member or another unit's liaison.

11-7-03 is rectifying: the stay and the report are over, so every allowed write is refused with the reason
(``Refused``); the services' own tests write on a stationed inspection.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.permissions.matrix import (
    ADMINS,
    ANONYMOUS,
    DISCIPLINE,
    ELSEWHERE,
    LEADING_GROUP,
    LIAISON,
    OFFICE_DIRECTOR,
    OFFICE_STAFF,
    ORG_DEPARTMENT,
    OUTSIDER,
    POST_ONLY_GET,
    TEAM3,
    TEAM_DEPUTY,
    TEAM_LEADER,
    TEAM_MEMBER,
    Obj,
    Refused,
    Route,
    Scoped,
    Spec,
    Upload,
    Variant,
    all_but,
    group,
)
from xuncha.accounts.models import User
from xuncha.fieldwork.models import (
    DocumentFile,
    DocumentRequest,
    Talk,
    TalkAttachment,
    TalkCategory,
    TalkRecord,
    WorkLogEntry,
    WorkMethod,
    WorkRecord,
)
from xuncha.inspections.models import Inspection, TeamMembership

TALK = Scoped(Obj("fieldwork.talk.gsl"), Obj("fieldwork.talk.fgj"))
ATTACHMENT = Scoped(Obj("fieldwork.attachment.gsl"), Obj("fieldwork.attachment.fgj"))
DOCUMENT = Scoped(Obj("fieldwork.document.gsl"), Obj("fieldwork.document.fgj"))
DOCUMENT_FILE = Scoped(Obj("fieldwork.docfile.gsl"), Obj("fieldwork.docfile.fgj"))
WORK_RECORD = Scoped(Obj("fieldwork.workrecord.gsl"), Obj("fieldwork.workrecord.fgj"))
INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))

STAY_OVER = Refused(400, "11-7-03 is rectifying: talks, requests, records and the log are written while stationed",
                    "巡察组已撤驻")
WRAP_UP_OVER = Refused(400, "11-7-03 is rectifying: records are finished and documents handled until the report",
                       "巡察报告阶段已结束")
STEP_OVER = Refused(409, "11-7-03 is rectifying: no talk or document step is taken after the report",
                    "巡察报告阶段已结束")
TALK_STEP_OVER = Refused(409, "the matrix's talk is held and 11-7-03 is rectifying", "巡察组已撤驻")

# The team (all of 第三组) and the office director read the team's fieldwork.
READERS = group(TEAM3, OFFICE_DIRECTOR)
TEAM_PAGE: Spec = {ANONYMOUS: 302, READERS: 200, all_but(READERS): 404}
# A talk record: its interviewers (第三组's leader and another member, not member3), the leader and deputies, the
# office director.
RECORD_READERS = group(TEAM_LEADER, TEAM_DEPUTY, OFFICE_DIRECTOR)
RECORD_PAGE: Spec = {ANONYMOUS: 302, RECORD_READERS: 200, all_but(RECORD_READERS): 404}
DOCUMENT_READERS = group(READERS, LIAISON)
DOCUMENT_PAGE: Spec = {ANONYMOUS: 302, DOCUMENT_READERS: 200, all_but(DOCUMENT_READERS): 404}


def team_write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = READERS) -> Spec:
    """A write: ``result`` for ``allowed``, 403 for the others who see the object, 404 for the rest."""
    allowed = group(allowed)
    return {ANONYMOUS: 302, allowed: result, group(seen_by) - allowed: 403, all_but(seen_by): 404}


PLANNERS = group(TEAM_LEADER, TEAM_DEPUTY)
TALK_BODY = {"organization": Obj("organization.gsl"), "name": "矩阵谈话对象", "category": "retired",
             "talk_type": "appointed", "interviewer": Obj("fieldwork.person.interviewer"),
             "recorder": Obj("fieldwork.person.recorder")}

PAGES: dict[str, Route] = {
    "fieldwork:talk-list": Route(kwargs={"pk": INSPECTION}, get=TEAM_PAGE),
    "fieldwork:talk-generate": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET,
                                     post=team_write(PLANNERS, STAY_OVER)),
    "fieldwork:talk-add": Route(kwargs={"pk": INSPECTION}, get=team_write(PLANNERS, 200),
                                post=team_write(PLANNERS, STAY_OVER), body=TALK_BODY),
    # member3 sees the plan (the talk's page, without its record).
    "fieldwork:talk-detail": Route(kwargs={"pk": TALK}, get=TEAM_PAGE),
    "fieldwork:talk-edit": Route(kwargs={"pk": TALK}, get=team_write(PLANNERS, 200),
                                 post=team_write(PLANNERS, STAY_OVER), body=TALK_BODY),
    "fieldwork:talk-transition": Route(kwargs={"pk": TALK, "name": "decline"}, get=POST_ONLY_GET,
                                       post=team_write(TEAM3, TALK_STEP_OVER), body={"note": "矩阵原因"},
                                       # Taking a talk off the plan is the leader's and deputies' (PLAN_TALKS).
                                       variants={"cancel": Variant(kwargs={"pk": TALK, "name": "cancel"},
                                                                   post=team_write(PLANNERS, TALK_STEP_OVER))}),
    # The record's writers: its interviewers, the leader and deputies; member3 was not at the talk (403).
    "fieldwork:talk-record": Route(kwargs={"pk": TALK}, get=team_write(PLANNERS, 200),
                                   post=team_write(PLANNERS, WRAP_UP_OVER), body={
                                       "started_at": "2018-11-20T09:00", "place": "矩阵谈话室",
                                       "questions_answers": "矩阵问答"}),
    "fieldwork:talk-record-sign-off": Route(kwargs={"pk": TALK}, get=POST_ONLY_GET,
                                            post=team_write(TEAM_LEADER, STEP_OVER)),
    "fieldwork:talk-attachment-add": Route(kwargs={"pk": TALK}, get=POST_ONLY_GET,
                                           post=team_write(PLANNERS, WRAP_UP_OVER),
                                           body={"file": Upload("材料.pdf", Obj("fieldwork.file.pdf"))}),
    "fieldwork:talk-attachment": Route(kwargs={"pk": ATTACHMENT}, get=RECORD_PAGE, audit="talk_record.download"),
    "fieldwork:document-list": Route(kwargs={"pk": INSPECTION}, get=DOCUMENT_PAGE),
    "fieldwork:document-create": Route(kwargs={"pk": INSPECTION}, get=team_write(TEAM3, 200),
                                       post=team_write(TEAM3, STAY_OVER), body={
                                           "organization": Obj("organization.gsl"), "title": "矩阵调阅资料",
                                           "copies": 1, "medium": "paper", "deadline": "2019-03-29"}),
    "fieldwork:document-detail": Route(kwargs={"pk": DOCUMENT}, get=DOCUMENT_PAGE),
    "fieldwork:document-transition": Route(
        kwargs={"pk": DOCUMENT, "name": "receive"}, get=POST_ONLY_GET, body={"note": "矩阵"},
        post=team_write(TEAM3, STEP_OVER, seen_by=DOCUMENT_READERS),
        variants={"deliver": Variant(kwargs={"name": "deliver"},
                                     post=team_write(LIAISON, STEP_OVER, seen_by=DOCUMENT_READERS))}),
    "fieldwork:document-upload": Route(kwargs={"pk": DOCUMENT}, get=POST_ONLY_GET,
                                       post=team_write(group(TEAM3, LIAISON), WRAP_UP_OVER, seen_by=DOCUMENT_READERS),
                                       body={"file": Upload("资料.pdf", Obj("fieldwork.file.pdf"))}),
    "fieldwork:document-file": Route(kwargs={"pk": DOCUMENT_FILE}, get=DOCUMENT_PAGE,
                                     audit="document_request.download"),
    "fieldwork:workrecord-list": Route(kwargs={"pk": INSPECTION}, get=TEAM_PAGE),
    "fieldwork:workrecord-create": Route(kwargs={"pk": INSPECTION}, get=team_write(TEAM3, 200),
                                         post=team_write(TEAM3, STAY_OVER), body={
                                             "method": "field_visit", "title": "矩阵走访", "held_on": "2018-11-20",
                                             "content": "矩阵情况"}),
    "fieldwork:workrecord-detail": Route(kwargs={"pk": WORK_RECORD}, get=TEAM_PAGE),
    "fieldwork:work-log": Route(kwargs={"pk": INSPECTION}, get=TEAM_PAGE, post=team_write(TEAM3, STAY_OVER),
                                body={"day": "2018-11-20", "work_done": "矩阵日志"}),
    # The weekly summary goes to the office: the office staff reads it too (counts and the log's items to note).
    "fieldwork:weekly-summary": Route(kwargs={"pk": INSPECTION}, audit="weekly_summary.read", get={
        ANONYMOUS: 302, group(READERS, OFFICE_STAFF): 200, all_but(READERS, OFFICE_STAFF): 404}),
}

# ---- API --------------------------------------------------------------------------------------------------------
# The API has no page kinds: a visible inspection whose fieldwork the caller's roles do not read is a 403 (the office
# staff, the leading group, the discipline commission, the organisation department, the liaison); a record outside
# the caller's grants is a 404 like a missing one.
SEE_INSPECTION_ONLY = group(OFFICE_STAFF, LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, LIAISON)
OUTSIDE = group(ELSEWHERE, ADMINS, OUTSIDER)
API_TEAM_LIST: Spec = {ANONYMOUS: 401, READERS: 200, SEE_INSPECTION_ONLY: 403, OUTSIDE: 404}
SEES_GSL = group(READERS, SEE_INSPECTION_ONLY)


def api_write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = SEES_GSL) -> Spec:
    allowed = group(allowed)
    return {ANONYMOUS: 401, allowed: result, group(seen_by) - allowed: 403, all_but(seen_by): 404}


def api_read(readers: frozenset[str]) -> Spec:
    return {ANONYMOUS: 401, readers: 200, all_but(readers): 404}


API_TALK_BODY = {"organization": Obj("organization.gsl"), "name": "矩阵谈话对象", "category": "retired",
                 "interviewer": Obj("fieldwork.person.interviewer"), "recorder": Obj("fieldwork.person.recorder")}
V1 = "/api/v1"
API: dict[tuple[str, str], Route] = {
    ("GET", f"{V1}/inspections/{{inspection_id}}/talks"): Route(get=API_TEAM_LIST),
    ("POST", f"{V1}/inspections/{{inspection_id}}/talks/generate"): Route(post=api_write(PLANNERS, STAY_OVER)),
    ("POST", f"{V1}/inspections/{{inspection_id}}/talks"): Route(post=api_write(PLANNERS, STAY_OVER),
                                                                 body=API_TALK_BODY),
    ("GET", f"{V1}/talks/{{talk_id}}"): Route(get=api_read(READERS)),
    ("PUT", f"{V1}/talks/{{talk_id}}"): Route(put=api_write(PLANNERS, STAY_OVER, seen_by=READERS),
                                              body=API_TALK_BODY),
    ("POST", f"{V1}/talks/{{talk_id}}/transitions/{{step}}"): Route(
        post=api_write(TEAM3, TALK_STEP_OVER, seen_by=READERS), body={"note": "矩阵原因"},
        variants={"cancel": Variant(kwargs={"step": "cancel"},
                                    post=api_write(PLANNERS, TALK_STEP_OVER, seen_by=READERS))}),
    # member3 was not at the talk: the record does not exist for them.
    ("GET", f"{V1}/talks/{{talk_id}}/record"): Route(get=api_read(RECORD_READERS), audit="talk_record.read"),
    ("PUT", f"{V1}/talks/{{talk_id}}/record"): Route(
        put=api_write(PLANNERS, WRAP_UP_OVER, seen_by=READERS),
        body={"started_at": "2018-11-20T09:00:00+08:00", "place": "矩阵谈话室", "questions_answers": "矩阵问答"}),
    ("POST", f"{V1}/talks/{{talk_id}}/record/sign-off"): Route(
        post=api_write(TEAM_LEADER, STEP_OVER, seen_by=READERS)),
    ("GET", f"{V1}/inspections/{{inspection_id}}/document-requests"): Route(get={
        ANONYMOUS: 401, DOCUMENT_READERS: 200, SEE_INSPECTION_ONLY - {LIAISON}: 403, OUTSIDE: 404}),
    ("POST", f"{V1}/inspections/{{inspection_id}}/document-requests"): Route(
        post=api_write(TEAM3, STAY_OVER),
        body={"organization": Obj("organization.gsl"), "title": "矩阵调阅资料", "deadline": "2019-03-29"}),
    ("GET", f"{V1}/document-requests/{{document_id}}"): Route(get=api_read(DOCUMENT_READERS)),
    ("POST", f"{V1}/document-requests/{{document_id}}/transitions/{{step}}"): Route(
        kwargs={"step": "receive"}, body={"note": "矩阵"},
        post=api_write(TEAM3, STEP_OVER, seen_by=DOCUMENT_READERS),
        variants={"deliver": Variant(kwargs={"step": "deliver"},
                                     post=api_write(LIAISON, STEP_OVER, seen_by=DOCUMENT_READERS))}),
    ("GET", f"{V1}/inspections/{{inspection_id}}/work-records"): Route(get=API_TEAM_LIST),
    ("POST", f"{V1}/inspections/{{inspection_id}}/work-records"): Route(
        post=api_write(TEAM3, STAY_OVER),
        body={"method": "field_visit", "title": "矩阵走访", "held_on": "2018-11-20", "content": "矩阵情况"}),
    ("GET", f"{V1}/work-records/{{work_record_id}}"): Route(get=api_read(READERS)),
    ("GET", f"{V1}/inspections/{{inspection_id}}/work-log"): Route(get=API_TEAM_LIST),
    ("PUT", f"{V1}/inspections/{{inspection_id}}/work-log/{{day}}"): Route(
        put=api_write(TEAM3, STAY_OVER), body={"work_done": "矩阵日志"}),
    ("GET", f"{V1}/inspections/{{inspection_id}}/weekly-summary"): Route(audit="weekly_summary.read", get={
        ANONYMOUS: 401, group(READERS, OFFICE_STAFF): 200, SEE_INSPECTION_ONLY - {OFFICE_STAFF}: 403,
        OUTSIDE: 404}),
}
API_KWARGS: dict[str, Any] = {"talk_id": TALK, "document_id": DOCUMENT, "work_record_id": WORK_RECORD,
                              "step": "decline", "day": "2018-11-20"}


def _set_for(inspection: Inspection, interviewer_id: int, recorder_id: int, author: User, tag: str) -> dict[str, int]:
    """One held talk with a draft record and an attachment, a document request with a file, a work record and a
    day of the log, on ``inspection`` (made here: the matrix must not depend on how much the demo records)."""
    org = inspection.targets.get().organization
    sequence = 900
    talk = Talk.objects.create(
        inspection=inspection, sequence=sequence, code=f"{inspection.code}-TH-M{tag}", organization=org,
        name="矩阵谈话对象", post="矩阵职务", category=TalkCategory.MIDDLE, interviewer_id=interviewer_id,
        recorder_id=recorder_id, scheduled_at=timezone.make_aware(datetime.datetime(2018, 11, 20, 9)),
        place="矩阵谈话室", status="done")
    record = TalkRecord.objects.create(talk=talk, started_at=talk.scheduled_at, place="矩阵谈话室",
                                       questions_answers="矩阵问答", written_by=author)
    attachment = TalkAttachment(record=record, filename="材料.pdf", content_type="application/pdf", size=9,
                                uploaded_by=author)
    attachment.file.save("matrix.pdf", ContentFile(b"%PDF-1.4 m"), save=True)
    request = DocumentRequest.objects.create(
        inspection=inspection, organization=org, sequence=sequence, code=f"{inspection.code}-DY-M{tag}",
        title="矩阵调阅资料", deadline=datetime.date(2018, 11, 25), requested_on=datetime.date(2018, 11, 20),
        requested_by=author)
    stored = DocumentFile(request=request, filename="资料.pdf", content_type="application/pdf", size=9,
                          uploaded_by=author)
    stored.file.save("matrix.pdf", ContentFile(b"%PDF-1.4 m"), save=True)
    work = WorkRecord.objects.create(inspection=inspection, sequence=sequence, reference=f"{inspection.code}-GZ-M{tag}",
                                     method=WorkMethod.FIELD_VISIT, title="矩阵走访", held_on=datetime.date(2018, 11, 20),
                                     content="矩阵情况", recorded_by=author)
    WorkLogEntry.objects.get_or_create(inspection=inspection, day=datetime.date(2018, 11, 20),
                                       defaults={"work_done": "矩阵日志", "written_by": author})
    return {f"fieldwork.talk.{tag}": talk.pk, f"fieldwork.attachment.{tag}": attachment.pk,
            f"fieldwork.document.{tag}": request.pk, f"fieldwork.docfile.{tag}": stored.pk,
            f"fieldwork.workrecord.{tag}": work.pk}


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    gsl = Inspection.objects.get(pk=objects["inspection.gsl"])
    fgj = Inspection.objects.get(pk=objects["inspection.fgj"])
    leader = users[TEAM_LEADER]
    member3 = users[TEAM_MEMBER].person_id
    # The talk's recorder: a member of 第三组 other than the leader and member3.
    recorder = (TeamMembership.objects.filter(team_id=gsl.team_id).exclude(person_id__in=[leader.person_id, member3])
                .order_by("pk").values_list("person_id", flat=True).first())
    assert leader.person_id and recorder
    fgj_people = list(TeamMembership.objects.filter(team_id=fgj.team_id).order_by("pk")
                      .values_list("person_id", flat=True)[:2])
    return {
        **_set_for(gsl, leader.person_id, recorder, leader, "gsl"),
        **_set_for(fgj, fgj_people[0], fgj_people[1], users[OFFICE_DIRECTOR], "fgj"),
        "fieldwork.person.interviewer": leader.person_id,
        "fieldwork.person.recorder": recorder,
        "fieldwork.file.pdf": b"%PDF-1.4 matrix",
    }



