"""The fieldwork records a finding or a lead can cite (``inspections.evidence``): talk records, work records (visits,
forums, meetings attended …) and document requests. Each read goes through the model's ``visible_to``, so the
per-record grants hold: a talk record is cited visibly only to its interviewers, the team's leader and deputies and
the office director. A document request is also seen by the liaison it is addressed to, but not as evidence: the
evidence of the team's work is the team's and the office director's only (``_team_or_director``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from xuncha.fieldwork.models import DocumentRequest, TalkRecord, WorkRecord, _team_or_director
from xuncha.inspections.evidence import EvidenceItem, EvidenceKind, register_evidence_kind

TALK = "fieldwork.talk"
WORK_RECORD = "fieldwork.work_record"
DOCUMENT_REQUEST = "fieldwork.document_request"


def _talk_records(user: Any) -> QuerySet[TalkRecord]:
    return TalkRecord.objects.visible_to(user).select_related("talk").order_by("talk__sequence")


def _talk_item(record: TalkRecord) -> EvidenceItem:
    talk = record.talk
    post = f"（{talk.post}）" if talk.post else ""
    return EvidenceItem(TALK, record.pk, f"{talk.code} {talk.name}{post}", f"{record.started_at:%Y-%m-%d} 个别谈话",
                        reverse("fieldwork:talk-detail", args=[talk.pk]))


def _work_records(user: Any) -> QuerySet[WorkRecord]:
    return WorkRecord.objects.visible_to(user).order_by("held_on", "sequence")


def _work_item(record: WorkRecord) -> EvidenceItem:
    return EvidenceItem(WORK_RECORD, record.pk, f"{record.reference} {record.title}",
                        f"{record.held_on:%Y-%m-%d} {record.get_method_display()}",
                        reverse("fieldwork:workrecord-detail", args=[record.pk]))


def _document_requests(user: Any) -> QuerySet[DocumentRequest]:
    return DocumentRequest.objects.visible_to(user).filter(_team_or_director(user)).order_by("sequence")


def _document_item(request: DocumentRequest) -> EvidenceItem:
    return EvidenceItem(DOCUMENT_REQUEST, request.pk, f"{request.code} {request.title}",
                        f"{request.requested_on:%Y-%m-%d} 调阅资料 · {request.get_status_display()}",
                        reverse("fieldwork:document-detail", args=[request.pk]))


def talk_citable(user: Any, inspection_id: int) -> list[EvidenceItem]:
    return [_talk_item(r) for r in _talk_records(user).filter(talk__inspection_id=inspection_id)]


def talk_resolve(user: Any, ids: Sequence[int], inspection_id: int | None) -> dict[int, EvidenceItem]:
    qs = _talk_records(user).filter(pk__in=list(ids))
    if inspection_id is not None:
        qs = qs.filter(talk__inspection_id=inspection_id)
    return {r.pk: _talk_item(r) for r in qs}


def work_record_citable(user: Any, inspection_id: int) -> list[EvidenceItem]:
    return [_work_item(r) for r in _work_records(user).filter(inspection_id=inspection_id)]


def work_record_resolve(user: Any, ids: Sequence[int], inspection_id: int | None) -> dict[int, EvidenceItem]:
    qs = _work_records(user).filter(pk__in=list(ids))
    if inspection_id is not None:
        qs = qs.filter(inspection_id=inspection_id)
    return {r.pk: _work_item(r) for r in qs}


def document_citable(user: Any, inspection_id: int) -> list[EvidenceItem]:
    return [_document_item(r) for r in _document_requests(user).filter(inspection_id=inspection_id)]


def document_resolve(user: Any, ids: Sequence[int], inspection_id: int | None) -> dict[int, EvidenceItem]:
    qs = _document_requests(user).filter(pk__in=list(ids))
    if inspection_id is not None:
        qs = qs.filter(inspection_id=inspection_id)
    return {r.pk: _document_item(r) for r in qs}


def register() -> None:
    register_evidence_kind(EvidenceKind(TALK, "谈话笔录", talk_citable, talk_resolve, order=10))
    register_evidence_kind(EvidenceKind(WORK_RECORD, "工作记录（走访、座谈、列席会议等）", work_record_citable,
                                        work_record_resolve, order=30))
    register_evidence_kind(EvidenceKind(DOCUMENT_REQUEST, "调阅资料", document_citable, document_resolve, order=40))
