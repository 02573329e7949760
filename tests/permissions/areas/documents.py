"""The matrix rows of official documents (xuncha/documents): starting the Word / PDF export of a formal text.

One endpoint serves every registered kind (``documents:export``: key, object, format); the kind's builder decides
who may export which record, as its page does. Planning's two kinds (xuncha/planning/official_documents.py):

- the stationing announcement (巡察公告) of 11-7-03: whoever reads its printable page — the city's roles, 第三组
  and 市工商联's liaison, who posts it; everyone else 404;
- the inspection notice (巡察通知) to 市工商联: the same readers (the liaison's own organisation's notice).

A permitted export answers 302 back to the page it came from (the job is queued; in the matrix's rolled-back
transaction it never runs); the out-of-scope object (11-7-05's announcement, 市房管局's notice) is 404 for 第三组
and 市工商联's liaison.

The API: ``POST /documents/{key}/{object_id}/exports`` has the same readers (201, the job) and the same 404s (a
signed-out caller 401); ``GET /document-exports/{job_id}`` is the job's starter's alone (the office staff's export
of 市工商联's notice), 404 for everyone else.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import (
    ANONYMOUS,
    INSPECTION_VISIBLE,
    OFFICE_STAFF,
    POST_ONLY_GET,
    Obj,
    Route,
    Scoped,
    Spec,
    Variant,
    all_but,
)
from xuncha.accounts.models import User
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.inspections.models import InspectionNotice

INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))
NOTICE = Scoped(Obj("documents.notice.gsl"), Obj("documents.notice.fgj"))
EXPORT: Spec = {ANONYMOUS: 302, **{who: 302 if code == 200 else code for who, code in INSPECTION_VISIBLE.items()}}

PAGES: dict[str, Route] = {
    "documents:export": Route(
        kwargs={"key": "planning.announcement", "object_id": INSPECTION, "fmt": "docx"}, body={"next": "/"},
        get=POST_ONLY_GET, post=EXPORT,
        variants={
            "announcement-pdf": Variant(kwargs={"fmt": "pdf"}, post=EXPORT),
            "notice": Variant(kwargs={"key": "planning.notice", "object_id": NOTICE}, post=EXPORT),
            "notice-pdf": Variant(kwargs={"key": "planning.notice", "object_id": NOTICE, "fmt": "pdf"}, post=EXPORT),
        }),
}


API_EXPORT: Spec = {ANONYMOUS: 401, **{who: 201 if code == 200 else code for who, code in INSPECTION_VISIBLE.items()}}
V1 = "/api/v1"
API: dict[tuple[str, str], Route] = {
    ("POST", f"{V1}/documents/{{key}}/{{object_id}}/exports"): Route(
        kwargs={"key": "planning.notice", "object_id": NOTICE}, body={"format": "docx"}, post=API_EXPORT,
        variants={"announcement": Variant(kwargs={"key": "planning.announcement", "object_id": INSPECTION},
                                          post=API_EXPORT)}),
    ("GET", f"{V1}/document-exports/{{job_id}}"): Route(
        kwargs={"job_id": Obj("documents.job.office")},
        get={ANONYMOUS: 401, OFFICE_STAFF: 200, all_but(OFFICE_STAFF): 404}),
}


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    def notice(inspection: str, organization: str) -> int:
        return int(InspectionNotice.objects.get(inspection_id=objects[inspection],
                                                organization_id=objects[organization]).pk)

    gsl_notice = notice("inspection.gsl", "organization.gsl")
    job = BackgroundJob.objects.create(kind="document.export", label="生成巡察通知（Word）", status=JobStatus.SUCCEEDED,
                                       params={"key": "planning.notice", "object_id": gsl_notice, "format": "docx"},
                                       created_by=users[OFFICE_STAFF])
    return {"documents.notice.gsl": gsl_notice, "documents.notice.fgj": notice("inspection.fgj", "organization.fgj"),
            "documents.job.office": job.pk}
