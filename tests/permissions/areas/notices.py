"""The matrix rows of the notices during the stay (xuncha/notices): the inspection's tab 通知书, the immediate-
rectification items, a notice, the team's draft form, the steps, the liaison's answer form, the answer's files.

Who sees what (xuncha/notices/models.py): the team of the inspection (第三组) and the office of the dispatching
committee (staff and director) every notice; the liaison of 市工商联 the notices addressed to it once issued, never
a draft. Nobody else finds any of it (404): not the leading group, the discipline commission, the organisation
department, another team (``member1``, 洛龙区's leader), another unit's liaison (``liaison_fgj``), 洛龙区's office.

11-7-03 is rectifying: drafting and issuing end with the stay, so those writes are refused with the reason
(``Refused``); a notice issued during the stay is still signed for, answered and reviewed until rectification is
over, so those writes succeed. The matrix makes its own notices (one per state) on 11-7-03 and one on 11-7-05.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from tests.permissions.matrix import (
    ADMINS,
    ANONYMOUS,
    DISCIPLINE,
    ELSEWHERE,
    LEADING_GROUP,
    LIAISON,
    OFFICE,
    ORG_DEPARTMENT,
    OUTSIDER,
    POST_ONLY_GET,
    TEAM3,
    TEAM_DEPUTY,
    TEAM_LEADER,
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
from xuncha.inspections.models import Inspection
from xuncha.notices.models import ImmediateItem, Notice, NoticeAnswer, NoticeFile

INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))
ISSUED = Scoped(Obj("notices.issued.gsl"), Obj("notices.issued.fgj"))
DRAFT = Scoped(Obj("notices.draft.gsl"), Obj("notices.issued.fgj"))
RECEIVED = Scoped(Obj("notices.received.gsl"), Obj("notices.issued.fgj"))
ANSWERED = Scoped(Obj("notices.answered.gsl"), Obj("notices.issued.fgj"))
FILE = Scoped(Obj("notices.file.gsl"), Obj("notices.file.fgj"))

STAY_OVER = Refused(400, "11-7-03 is rectifying: notices are drafted while the team is stationed", "巡察组已撤驻")
ISSUE_OVER = Refused(409, "11-7-03 is rectifying: a draft is no longer issued after the stay", "巡察组已撤驻")

# The team and the office read every notice; the liaison of 市工商联 the issued ones addressed to it.
READERS = group(TEAM3, OFFICE, LIAISON)
PAGE: Spec = {ANONYMOUS: 302, READERS: 200, all_but(READERS): 404}
# A draft: the team and the office; for the liaison it does not exist.
DRAFT_READERS = group(TEAM3, OFFICE)
DRAFT_PAGE: Spec = {ANONYMOUS: 302, DRAFT_READERS: 200, all_but(DRAFT_READERS): 404}
REVIEWERS = group(TEAM_LEADER, TEAM_DEPUTY)


def write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = READERS,
          anonymous: int = 302) -> Spec:
    """``result`` for ``allowed``, 403 for the others who see the object, 404 for the rest."""
    allowed = group(allowed)
    return {ANONYMOUS: anonymous, allowed: result, group(seen_by) - allowed: 403, all_but(seen_by): 404}


FORM = {"kind": "rectification", "organization": Obj("organization.gsl"), "title": "矩阵通知书",
        "subject": "矩阵问题", "requirement": "矩阵要求", "deadline": "2019-03-29", "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "30",
        "items-0-problem": "矩阵事项", "items-0-requirement": ""}

PAGES: dict[str, Route] = {
    "notices:notice-list": Route(kwargs={"pk": INSPECTION}, get=PAGE),
    "notices:immediate-items": Route(kwargs={"pk": INSPECTION}, get=PAGE),
    "notices:notice-create": Route(kwargs={"pk": INSPECTION}, get=write(TEAM3, 200), post=write(TEAM3, STAY_OVER),
                                   body=FORM),
    "notices:notice-detail": Route(kwargs={"pk": ISSUED}, get=PAGE,
                                   variants={"draft": Variant(kwargs={"pk": DRAFT.inside}, get=DRAFT_PAGE)}),
    "notices:notice-edit": Route(kwargs={"pk": DRAFT}, get=write(TEAM3, 200, seen_by=DRAFT_READERS),
                                 post=write(TEAM3, STAY_OVER, seen_by=DRAFT_READERS), body=FORM),
    "notices:notice-transition": Route(
        kwargs={"pk": ISSUED, "name": "receive"}, get=POST_ONLY_GET, post=write(LIAISON, 302),
        body={"received_name": "矩阵签收人"},
        variants={
            "issue": Variant(kwargs={"pk": DRAFT.inside, "name": "issue"}, body={},
                             post=write(TEAM_LEADER, ISSUE_OVER, seen_by=DRAFT_READERS)),
            "accept": Variant(kwargs={"pk": ANSWERED.inside, "name": "accept"}, body={"note": "矩阵认可"},
                              post=write(REVIEWERS, 302)),
            "return": Variant(kwargs={"pk": ANSWERED.inside, "name": "return"},
                              body={"note": "矩阵退回", "deadline": "2019-03-25"}, post=write(REVIEWERS, 302)),
        }),
    "notices:notice-answer": Route(kwargs={"pk": RECEIVED}, get=write(LIAISON, 200), post=write(LIAISON, 302),
                                   body={"text": "矩阵回复", "attachments": Upload("凭证.pdf", Obj("notices.pdf"))}),
    "notices:notice-file": Route(kwargs={"pk": FILE}, get=PAGE, audit="stay_notice.download"),
}

# ---- API --------------------------------------------------------------------------------------------------------
# A visible inspection whose notices the caller's roles do not read is a 403 (the leading group, the discipline
# commission, the organisation department); a notice outside the caller's grants is a 404 like a missing one.
SEE_INSPECTION_ONLY = group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT)
OUTSIDE = group(ELSEWHERE, ADMINS, OUTSIDER)
API_LIST: Spec = {ANONYMOUS: 401, READERS: 200, SEE_INSPECTION_ONLY: 403, OUTSIDE: 404}
SEES_GSL = group(READERS, SEE_INSPECTION_ONLY)


def api_write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = READERS) -> Spec:
    return write(allowed, result, seen_by=seen_by, anonymous=401)


API_BODY = {"kind": "rectification", "organization": Obj("organization.gsl"), "title": "矩阵通知书",
            "subject": "矩阵问题", "requirement": "矩阵要求", "deadline": "2019-03-29",
            "items": [{"problem": "矩阵事项"}]}
V1 = "/api/v1"
API: dict[tuple[str, str], Route] = {
    ("GET", f"{V1}/inspections/{{inspection_id}}/stay-notices"): Route(get=API_LIST),
    ("POST", f"{V1}/inspections/{{inspection_id}}/stay-notices"): Route(
        post=api_write(TEAM3, STAY_OVER, seen_by=SEES_GSL), body=API_BODY),
    ("GET", f"{V1}/inspections/{{inspection_id}}/immediate-items"): Route(get=API_LIST),
    ("GET", f"{V1}/stay-notices/{{notice_id}}"): Route(get={ANONYMOUS: 401, READERS: 200, all_but(READERS): 404}),
    ("PUT", f"{V1}/stay-notices/{{notice_id}}"): Route(
        kwargs={"notice_id": DRAFT}, put=api_write(TEAM3, STAY_OVER, seen_by=DRAFT_READERS), body=API_BODY),
    ("POST", f"{V1}/stay-notices/{{notice_id}}/transitions/{{step}}"): Route(
        kwargs={"step": "receive"}, post=api_write(LIAISON, 200), body={},
        variants={
            "issue": Variant(kwargs={"notice_id": DRAFT.inside, "step": "issue"},
                             post=api_write(TEAM_LEADER, ISSUE_OVER, seen_by=DRAFT_READERS)),
            "accept": Variant(kwargs={"notice_id": ANSWERED.inside, "step": "accept"}, body={"note": "矩阵认可"},
                              post=api_write(REVIEWERS, 200)),
            "return": Variant(kwargs={"notice_id": ANSWERED.inside, "step": "return"},
                              body={"note": "矩阵退回", "deadline": "2019-03-25"}, post=api_write(REVIEWERS, 200)),
        }),
    ("POST", f"{V1}/stay-notices/{{notice_id}}/answers"): Route(
        kwargs={"notice_id": RECEIVED}, post=api_write(LIAISON, 201), body={"text": "矩阵回复"}),
}
API_KWARGS: dict[str, Any] = {"notice_id": ISSUED}

def _notice(inspection: Inspection, author: User, tag: str, status: str, sequence: int) -> Notice:
    org = inspection.targets.get().organization
    day = (inspection.stationed_on or inspection.planned_entry) + datetime.timedelta(days=10)
    notice = Notice.objects.create(
        inspection=inspection, organization=org, kind="rectification", code=f"{inspection.code}-TZ-M{tag}",
        sequence=sequence, title=f"矩阵通知书{tag}", subject="矩阵问题", requirement="矩阵要求",
        deadline=day + datetime.timedelta(days=5), drafted_by=author, status=status,
        **({} if status == "draft" else {
            "number": f"矩阵〔2018〕{sequence}号", "issued_on": day, "issued_by": author}),
        **({"received_on": day, "received_name": "矩阵签收人"} if status in ("received", "answered") else {}))
    ImmediateItem.objects.create(notice=notice, sequence=1, problem="矩阵事项")
    return notice


def _answered(notice: Notice, author: User) -> NoticeFile:
    answer = NoticeAnswer.objects.create(notice=notice, round=1, text="矩阵回复", answered_by=author,
                                         answered_on=notice.received_on or notice.deadline)
    stored = NoticeFile(answer=answer, filename="凭证.pdf", content_type="application/pdf", size=9,
                        uploaded_by=author)
    stored.file.save("matrix.pdf", ContentFile(b"%PDF-1.4 m"), save=True)
    return stored


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    gsl = Inspection.objects.get(pk=objects["inspection.gsl"])
    fgj = Inspection.objects.get(pk=objects["inspection.fgj"])
    leader, liaison = users[TEAM_LEADER], users[LIAISON]
    answered = _notice(gsl, leader, "A", "answered", 904)
    fgj_notice = _notice(fgj, users["office_director"], "F", "answered", 901)
    return {
        "notices.issued.gsl": _notice(gsl, leader, "I", "issued", 901).pk,
        "notices.draft.gsl": _notice(gsl, leader, "D", "draft", 902).pk,
        "notices.received.gsl": _notice(gsl, leader, "R", "received", 903).pk,
        "notices.answered.gsl": answered.pk,
        "notices.file.gsl": _answered(answered, liaison).pk,
        "notices.issued.fgj": fgj_notice.pk,
        "notices.file.fgj": _answered(fgj_notice, users["office_director"]).pk,
        "notices.pdf": b"%PDF-1.4 matrix",
    }
