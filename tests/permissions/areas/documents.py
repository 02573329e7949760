"""The matrix rows of official documents (xuncha/documents): starting the Word / PDF export of a formal text.

One endpoint serves every registered kind (``documents:export``: key, object, format); the kind's builder decides
who may export which record, as its page does. Planning's two kinds (xuncha/planning/official_documents.py):

- the stationing announcement (巡察公告) of 11-7-03: whoever reads its printable page — the city's roles, 第三组
  and 市工商联's liaison, who posts it; everyone else 404;
- the inspection notice (巡察通知) to 市工商联: the same readers (the liaison's own organisation's notice).

A permitted export answers 302 back to the page it came from (the job is queued; in the matrix's rolled-back
transaction it never runs); the out-of-scope object (11-7-05's announcement, 市房管局's notice) is 404 for 第三组
and 市工商联's liaison.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import (
    ANONYMOUS,
    INSPECTION_VISIBLE,
    POST_ONLY_GET,
    Obj,
    Route,
    Scoped,
    Spec,
    Variant,
)
from xuncha.accounts.models import User
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


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    def notice(inspection: str, organization: str) -> int:
        return int(InspectionNotice.objects.get(inspection_id=objects[inspection],
                                                organization_id=objects[organization]).pk)

    return {"documents.notice.gsl": notice("inspection.gsl", "organization.gsl"),
            "documents.notice.fgj": notice("inspection.fgj", "organization.fgj")}
