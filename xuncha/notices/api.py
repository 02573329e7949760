"""API endpoints of the notices during the stay: the same selectors, services and FilterSet as the pages.

An inspection outside the caller's scope is a 404; a visible one whose notices the caller's roles do not read is a
403 (the leading group, the discipline commission, the organisation department); a notice outside the caller's
grants (a draft, or another organisation's, for a liaison) is a 404 like a missing one.
"""

import base64
import binascii
import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import PageParams, paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError
from xuncha.core.lists import api_filter
from xuncha.notices import selectors, services
from xuncha.notices.filters import NoticeFilter
from xuncha.notices.models import ImmediateItem, Notice
from xuncha.notices.schemas import (
    AnswerIn,
    ImmediateItemOut,
    NoticeDetailOut,
    NoticeFilters,
    NoticeIn,
    NoticeOut,
    StepIn,
)
from xuncha.notices.workflows import FORM_STEPS

router = Router(tags=["驻点期间通知书"])


def _item(item: ImmediateItem) -> dict[str, Any]:
    return {"id": item.pk, "sequence": item.sequence, "problem": item.problem, "requirement": item.requirement,
            "measures": item.measures, "reported_done": item.reported_done, "status": item.status,
            "done_on": item.done_on, "evidence_answer": item.evidence.round if item.evidence else None}


def _notice(notice: Notice, *, answers: bool = False, today: datetime.date | None = None) -> dict[str, Any]:
    out = {"id": notice.pk, "code": notice.code, "number": notice.number, "kind": notice.kind,
           "inspection_id": notice.inspection_id, "organization_id": notice.organization_id,
           "organization": str(notice.organization), "title": notice.title, "subject": notice.subject,
           "basis": notice.basis, "requirement": notice.requirement, "deadline": notice.deadline,
           "contact": notice.contact, "status": notice.status, "overdue": notice.is_overdue(today or business_today()),
           "issued_on": notice.issued_on, "received_on": notice.received_on, "received_name": notice.received_name,
           "accepted_on": notice.accepted_on, "assessment": notice.assessment,
           "items": [_item(i) for i in notice.items.all()]}
    if answers:
        out["answers"] = [{
            "round": a.round, "text": a.text, "answered_on": a.answered_on, "answered_by": str(a.answered_by),
            "verdict": a.verdict, "verdict_note": a.verdict_note,
            "files": [{"id": f.pk, "filename": f.filename, "content_type": f.content_type, "size": f.size,
                       "url": reverse("notices:notice-file", args=[f.pk])} for f in a.files.all()],
        } for a in selectors.notice_answers(notice)]
    return out


def _detail(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    return _notice(selectors.notice_get(actor=actor_of(request), pk=notice_id), answers=True)


def _data(payload: NoticeIn) -> services.NoticeData:
    return services.NoticeData(
        kind=payload.kind, organization_id=payload.organization, title=payload.title, subject=payload.subject,
        basis=payload.basis, requirement=payload.requirement, deadline=payload.deadline, contact=payload.contact,
        items=[services.ItemData(i.problem, i.requirement) for i in payload.items])


@router.get("/inspections/{inspection_id}/stay-notices", response=paged(NoticeOut), summary="驻点期间通知书")
def notice_list(request: HttpRequest, inspection_id: Id,
                filters: Query[NoticeFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The team and the dispatching office see every notice; the liaison the issued ones addressed to their unit.
    The parameters are the page's filters."""
    actor = actor_of(request)
    inspection = selectors.notices_inspection(actor, inspection_id)
    qs = api_filter(NoticeFilter, filters, selectors.notice_list(actor=actor, inspection=inspection), actor)
    page = paginate(qs, filters)
    today = business_today()
    page["results"] = [_notice(n, today=today) for n in page["results"]]
    return page


@router.post("/inspections/{inspection_id}/stay-notices", response={201: NoticeDetailOut}, summary="起草通知书")
def notice_create(request: HttpRequest, inspection_id: Id, payload: NoticeIn) -> tuple[int, dict[str, Any]]:
    notice = services.notice_create(actor=actor_of(request), inspection_id=inspection_id, data=_data(payload))
    return 201, _detail(request, notice.pk)


@router.get("/stay-notices/{notice_id}", response=NoticeDetailOut, summary="通知书详情")
def notice_detail(request: HttpRequest, notice_id: Id) -> dict[str, Any]:
    return _detail(request, notice_id)


@router.put("/stay-notices/{notice_id}", response=NoticeDetailOut, summary="修改通知书草稿")
def notice_update(request: HttpRequest, notice_id: Id, payload: NoticeIn) -> dict[str, Any]:
    services.notice_update(actor=actor_of(request), notice_id=notice_id, data=_data(payload))
    return _detail(request, notice_id)


@router.post("/stay-notices/{notice_id}/transitions/{step}", response=NoticeDetailOut, summary="通知书办理")
def notice_transition(request: HttpRequest, notice_id: Id, step: str, payload: StepIn) -> dict[str, Any]:
    """``step``: issue (the team leader), receive (签收, the liaison), accept or return (the leader or a deputy;
    return needs the reason in ``note``). The answer is ``POST …/answers``."""
    if step not in FORM_STEPS:
        raise Http404("操作不存在。")
    services.notice_transition(actor=actor_of(request), notice_id=notice_id, transition=step, note=payload.note,
                               on=payload.on, deadline=payload.deadline, received_name=payload.received_name)
    return _detail(request, notice_id)


@router.post("/stay-notices/{notice_id}/answers", response={201: NoticeDetailOut}, summary="回复通知书")
def notice_answer(request: HttpRequest, notice_id: Id, payload: AnswerIn) -> tuple[int, dict[str, Any]]:
    """The liaison's answer: text, the measures on each immediate-rectification item and whether it is done, and
    files (base64), each checked by its content and size before anything is stored."""
    files = []
    for f in payload.files:
        try:
            files.append((f.name, base64.b64decode(f.content, validate=True)))
        except (binascii.Error, ValueError) as exc:
            raise DomainError(f"文件“{f.name}”不是有效的 base64 内容。", fields={"files": ["base64 无效。"]}) from exc
    services.notice_answer(actor=actor_of(request), notice_id=notice_id, data=services.AnswerData(
        text=payload.text, files=files, on=payload.on,
        items=[services.ItemAnswer(i.item, i.measures, i.done) for i in payload.items]))
    return 201, _detail(request, notice_id)


@router.get("/inspections/{inspection_id}/immediate-items", response=paged(ImmediateItemOut), summary="立行立改事项")
def immediate_item_list(request: HttpRequest, inspection_id: Id, filters: Query[PageParams]) -> dict[str, Any]:
    """The immediate-rectification items of the issued rectification notices, open or done (with the answer that
    is their evidence)."""
    actor = actor_of(request)
    inspection = selectors.notices_inspection(actor, inspection_id)
    page = paginate(selectors.visible_immediate_items(actor=actor, inspection=inspection), filters)
    page["results"] = [{**_item(i), "notice_id": i.notice_id, "notice_number": i.notice.number,
                        "organization": str(i.notice.organization)} for i in page["results"]]
    return page
