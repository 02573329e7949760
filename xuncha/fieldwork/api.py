"""API endpoints: the team's fieldwork (talks, document requests, other work records, the work log).

The same selectors, services and FilterSets as the pages. An inspection outside the caller's scope is a 404; a
visible one whose fieldwork the caller's roles do not read is a 403 (the liaison reads only the document requests
addressed to their organisation); a record outside the caller's grants (a talk record of a talk they were not at)
is a 404 like a missing one.
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from xuncha.accounts.roles import Cap
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import PageParams, paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.lists import api_filter, filter_schema
from xuncha.core.scoping import capabilities
from xuncha.fieldwork import selectors, services
from xuncha.fieldwork.filters import DocumentRequestFilter, TalkFilter, WorkRecordFilter
from xuncha.fieldwork.models import DocumentRequest, Talk, TalkRecord, WorkLogEntry, WorkRecord
from xuncha.fieldwork.schemas import (
    DocumentRequestIn,
    DocumentRequestOut,
    DocumentStepIn,
    GeneratedOut,
    TalkIn,
    TalkOut,
    TalkRecordIn,
    TalkRecordOut,
    TalkStepIn,
    WeekFilters,
    WeeklySummaryOut,
    WorkLogIn,
    WorkLogOut,
    WorkRecordIn,
    WorkRecordOut,
)
from xuncha.fieldwork.workflows import DOCUMENT_WORKFLOW, TALK_WORKFLOW
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection

router = Router(tags=["驻点工作"])
# The lists' query parameters are the pages' FilterSets (ADR-0018).
TalkFilters = filter_schema(TalkFilter)
DocumentFilters = filter_schema(DocumentRequestFilter, name="DocumentFilters")
WorkRecordFilters = filter_schema(WorkRecordFilter)
DENIED = "您的角色不能查看巡察组的驻点工作。"


def _inspection(request: HttpRequest, inspection_id: int, *any_of: Cap) -> Inspection:
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    if not capabilities(actor, inspection) & set(any_of or (Cap.VIEW_FIELDWORK,)):
        raise CapabilityMissing(DENIED)
    return inspection


def _talk_data(payload: TalkIn) -> services.TalkData:
    return services.TalkData(organization_id=payload.organization, person_id=payload.person, name=payload.name,
                             post=payload.post, category=payload.category, talk_type=payload.talk_type,
                             scheduled_at=payload.scheduled_at, place=payload.place,
                             interviewer_id=payload.interviewer, recorder_id=payload.recorder)


# ---- Talks -----------------------------------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/talks", response=paged(TalkOut), summary="谈话安排")
def talk_list(request: HttpRequest, inspection_id: Id,
              filters: Query[TalkFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    inspection = _inspection(request, inspection_id)
    qs = selectors.talk_list(actor=actor_of(request), inspection=inspection)
    return paginate(api_filter(TalkFilter, filters, qs, actor_of(request)), filters)


@router.post("/inspections/{inspection_id}/talks/generate", response=GeneratedOut, summary="按类别生成谈话安排")
def talk_generate(request: HttpRequest, inspection_id: Id) -> dict[str, int]:
    """Adds the people of the inspected organisations not yet in the plan (leader or deputy, while stationed)."""
    created = services.talk_plan_generate(actor=actor_of(request), inspection_id=inspection_id)
    return {"added": len(created)}


@router.post("/inspections/{inspection_id}/talks", response={201: TalkOut}, summary="增加谈话对象")
def talk_add(request: HttpRequest, inspection_id: Id, payload: TalkIn) -> tuple[int, Talk]:
    talk = services.talk_add(actor=actor_of(request), inspection_id=inspection_id, data=_talk_data(payload))
    return 201, selectors.talk_get(actor=actor_of(request), pk=talk.pk)


@router.get("/talks/{talk_id}", response=TalkOut, summary="谈话安排详情")
def talk_detail(request: HttpRequest, talk_id: Id) -> Talk:
    return selectors.talk_get(actor=actor_of(request), pk=talk_id)


@router.put("/talks/{talk_id}", response=TalkOut, summary="调整谈话安排")
def talk_update(request: HttpRequest, talk_id: Id, payload: TalkIn) -> Talk:
    services.talk_update(actor=actor_of(request), talk_id=talk_id, data=_talk_data(payload))
    return selectors.talk_get(actor=actor_of(request), pk=talk_id)


@router.post("/talks/{talk_id}/transitions/{step}", response=TalkOut, summary="谈话进展")
def talk_transition(request: HttpRequest, talk_id: Id, step: str, payload: TalkStepIn) -> Talk:
    """``step``: reschedule (with ``scheduled_at`` and a reason), decline (with a reason), replan, cancel (take it off
    the plan, with a reason; only before a record exists). A talk is marked
    held by writing its record."""
    if step not in TALK_WORKFLOW.transitions or step == "hold":
        raise Http404("操作不存在。")
    return services.talk_apply_transition(actor=actor_of(request), talk_id=talk_id, transition=step,
                                          note=payload.note, scheduled_at=payload.scheduled_at)


def _record_for(request: HttpRequest, talk_id: int) -> TalkRecord:
    actor = actor_of(request)
    record = selectors.talk_record_read(actor=actor, talk=selectors.talk_get(actor=actor, pk=talk_id))
    if record is None:
        raise Http404("谈话笔录不存在或无权查看。")
    return record


@router.get("/talks/{talk_id}/record", response=TalkRecordOut, summary="谈话笔录")
def talk_record(request: HttpRequest, talk_id: Id) -> TalkRecord:
    """Only the talk's two interviewers, the team's leader and deputies and the office director; every read is
    written to the audit log."""
    return _record_for(request, talk_id)


@router.put("/talks/{talk_id}/record", response=TalkRecordOut, summary="填写谈话笔录")
def talk_record_save(request: HttpRequest, talk_id: Id, payload: TalkRecordIn) -> TalkRecord:
    services.talk_record_save(actor=actor_of(request), talk_id=talk_id, data=services.RecordData(
        started_at=payload.started_at, ended_at=payload.ended_at, place=payload.place,
        questions_answers=payload.questions_answers, issues_raised=payload.issues_raised,
        follow_ups=payload.follow_ups))
    return _record_for(request, talk_id)


@router.post("/talks/{talk_id}/record/sign-off", response=TalkRecordOut, summary="组长审签谈话笔录")
def talk_record_sign_off(request: HttpRequest, talk_id: Id) -> TalkRecord:
    services.talk_record_sign_off(actor=actor_of(request), talk_id=talk_id)
    return _record_for(request, talk_id)


# ---- Document requests -----------------------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/document-requests", response=paged(DocumentRequestOut), summary="调阅资料")
def document_list(request: HttpRequest, inspection_id: Id,
                  filters: Query[DocumentFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The team and the office director see every request; the liaison only those addressed to their unit."""
    inspection = _inspection(request, inspection_id, Cap.VIEW_FIELDWORK, Cap.PROVIDE_DOCUMENTS)
    qs = selectors.document_requests(actor=actor_of(request), inspection=inspection)
    return paginate(api_filter(DocumentRequestFilter, filters, qs, actor_of(request)), filters)


@router.post("/inspections/{inspection_id}/document-requests", response={201: DocumentRequestOut},
             summary="提出调阅")
def document_create(request: HttpRequest, inspection_id: Id, payload: DocumentRequestIn
                    ) -> tuple[int, DocumentRequest]:
    values = payload.dict()
    values["organization_id"] = values.pop("organization")
    return 201, services.document_request_create(actor=actor_of(request), inspection_id=inspection_id,
                                                 data=services.DocumentRequestData(**values))


@router.get("/document-requests/{document_id}", response=DocumentRequestOut, summary="调阅资料详情")
def document_detail(request: HttpRequest, document_id: Id) -> DocumentRequest:
    return selectors.document_request_get(actor=actor_of(request), pk=document_id)


@router.post("/document-requests/{document_id}/transitions/{step}", response=DocumentRequestOut,
             summary="调阅资料办理")
def document_transition(request: HttpRequest, document_id: Id, step: str, payload: DocumentStepIn
                        ) -> DocumentRequest:
    """``step``: deliver (the unit's liaison), receive, review, return (the team), each dated (default today)."""
    if step not in DOCUMENT_WORKFLOW.transitions:
        raise Http404("操作不存在。")
    return services.document_request_transition(actor=actor_of(request), request_id=document_id, transition=step,
                                                note=payload.note, on=payload.on)


# ---- Work records, the log, the weekly summary -----------------------------------------------------------------


@router.get("/inspections/{inspection_id}/work-records", response=paged(WorkRecordOut), summary="工作记录")
def work_record_list(request: HttpRequest, inspection_id: Id,
                     filters: Query[WorkRecordFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    inspection = _inspection(request, inspection_id)
    qs = selectors.work_records(actor=actor_of(request), inspection=inspection)
    return paginate(api_filter(WorkRecordFilter, filters, qs, actor_of(request)), filters)


@router.post("/inspections/{inspection_id}/work-records", response={201: WorkRecordOut}, summary="新增工作记录")
def work_record_create(request: HttpRequest, inspection_id: Id, payload: WorkRecordIn) -> tuple[int, WorkRecord]:
    values = payload.dict()
    values["organization_id"] = values.pop("organization")
    return 201, services.work_record_create(actor=actor_of(request), inspection_id=inspection_id,
                                            data=services.WorkRecordData(**values))


@router.get("/work-records/{work_record_id}", response=WorkRecordOut, summary="工作记录详情")
def work_record_detail(request: HttpRequest, work_record_id: Id) -> WorkRecord:
    return selectors.work_record_get(actor=actor_of(request), pk=work_record_id)


@router.get("/inspections/{inspection_id}/work-log", response=paged(WorkLogOut), summary="巡察日志")
def work_log_list(request: HttpRequest, inspection_id: Id, filters: Query[PageParams]) -> dict[str, Any]:
    inspection = _inspection(request, inspection_id)
    return paginate(selectors.work_log(actor=actor_of(request), inspection=inspection), filters)


@router.put("/inspections/{inspection_id}/work-log/{day}", response=WorkLogOut, summary="填写巡察日志")
def work_log_save(request: HttpRequest, inspection_id: Id, day: datetime.date, payload: WorkLogIn) -> WorkLogEntry:
    return services.work_log_save(actor=actor_of(request), inspection_id=inspection_id, data=services.LogData(
        day=day, work_done=payload.work_done, items_to_note=payload.items_to_note, next_steps=payload.next_steps))


@router.get("/inspections/{inspection_id}/weekly-summary", response=WeeklySummaryOut, summary="每周工作进展")
def weekly_summary(request: HttpRequest, inspection_id: Id, filters: Query[WeekFilters]) -> Any:
    """Counted from the records of the week (talks, documents, visits, other methods) and the items the log marked
    for attention; the team, the office director and the office staff."""
    inspection = _inspection(request, inspection_id, Cap.VIEW_FIELDWORK, Cap.MANAGE_PLANNING)
    weeks = selectors.stay_weeks(inspection)
    start = filters.week or (weeks[-1] if weeks else inspection.planned_entry)
    return selectors.weekly_summary(actor=actor_of(request), inspection=inspection, start=start)
