"""The reads of fieldwork: every list starts from ``visible_to(actor)`` (which applies the per-record grants), every
read of a talk record is audited, and the weekly summary and the stay's figures are counted from the records."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.scoping import access, capabilities
from xuncha.fieldwork.models import (
    VISIT_METHODS,
    DocumentFile,
    DocumentRequest,
    DocumentStatus,
    RecordStatus,
    Talk,
    TalkAttachment,
    TalkRecord,
    TalkStatus,
    WorkLogEntry,
    WorkMethod,
    WorkRecord,
)
from xuncha.fieldwork.workflows import WRAP_UP_STATUSES
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import StayFigure


def fieldwork_inspection(actor: User, pk: Any, capability: Cap = Cap.VIEW_FIELDWORK) -> Inspection:
    """An inspection whose fieldwork pages ``actor`` opens: 404 out of scope, 403 without the capability."""
    return access_inspection(actor, pk, capability=capability)


# ---- Talks -----------------------------------------------------------------------------------------------------


def talk_list(*, actor: User, inspection: Inspection) -> QuerySet[Talk]:
    """The talk plan of an inspection as ``actor`` sees it, with whether each talk has a record."""
    records = TalkRecord.objects.filter(talk=OuterRef("pk"))
    return (Talk.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("organization", "interviewer", "recorder", "inspection")
            .annotate(has_record=Exists(records)).order_by("sequence"))


def talk_get(*, actor: User, pk: Any) -> Talk:
    return access(Talk, actor, pk, queryset=Talk.objects.select_related(
        "inspection__jurisdiction", "organization", "person", "interviewer", "recorder"))


def talk_record_read(*, actor: User, talk: Talk) -> TalkRecord | None:
    """The record of ``talk`` if ``actor`` may read it (its interviewers, the team's leader and deputies, the office
    director); every read is written to the audit log (who read which record, never what it says)."""
    record = (TalkRecord.objects.visible_to(actor).filter(talk=talk)
              .select_related("talk", "written_by", "signed_by").first())
    if record is not None:
        audit_record("talk_record.read", actor=actor, obj=record, details={"talk": talk.code})
    return record


def talk_record_exists(talk: Talk) -> bool:
    return TalkRecord.objects.filter(talk=talk).exists()


def talk_attachments(*, actor: User, record: TalkRecord) -> QuerySet[TalkAttachment]:
    return TalkAttachment.objects.visible_to(actor).filter(record=record).order_by("pk")


def talk_attachment_get(*, actor: User, pk: Any) -> TalkAttachment:
    return access(TalkAttachment, actor, pk, queryset=TalkAttachment.objects.select_related("record__talk"))


def talk_progress(talks: QuerySet[Talk]) -> dict[str, int]:
    """Counts by status (for the plan's header and the stay's figures)."""
    counts = Counter(dict(talks.order_by().values_list("status").annotate(n=Count("pk"))))
    # A cancelled talk is off the plan: shown as such, not counted in it.
    planned = sum(n for s, n in counts.items() if s != TalkStatus.CANCELLED)
    return {s: counts.get(s, 0) for s in TalkStatus.values} | {"total": planned}


# ---- Document requests -----------------------------------------------------------------------------------------


def document_requests(*, actor: User, inspection: Inspection) -> QuerySet[DocumentRequest]:
    return (DocumentRequest.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("organization", "requested_by").annotate(file_count=Count("files"))
            .order_by("sequence"))


def document_request_get(*, actor: User, pk: Any) -> DocumentRequest:
    return access(DocumentRequest, actor, pk,
                  queryset=DocumentRequest.objects.select_related("inspection", "organization", "requested_by"))


def document_files(*, actor: User, request: DocumentRequest) -> QuerySet[DocumentFile]:
    return DocumentFile.objects.visible_to(actor).filter(request=request).select_related("uploaded_by")


def document_file_get(*, actor: User, pk: Any) -> DocumentFile:
    return access(DocumentFile, actor, pk, queryset=DocumentFile.objects.select_related("request"))


def liaison_open_requests(*, actor: User) -> QuerySet[DocumentRequest]:
    """Requests addressed to the liaison's organisation that wait for them (their home page)."""
    return (DocumentRequest.objects.visible_to(actor).filter(status=DocumentStatus.REQUESTED)
            .select_related("inspection").order_by("deadline"))


def records_to_sign_off(*, actor: User) -> list[dict[str, Any]]:
    """Per inspection of the teams ``actor`` leads: how many talk records wait for the leader's sign-off while the
    records can still be signed (stationed or reporting)."""
    team_ids = scope_of(actor).all_team_ids(Cap.SIGN_OFF_TALK)
    rows = (TalkRecord.objects.visible_to(actor)
            .filter(status=RecordStatus.DRAFT, talk__inspection__team_id__in=team_ids,
                    talk__inspection__status__in=list(WRAP_UP_STATUSES))
            .values("talk__inspection_id", "talk__inspection__code").annotate(n=Count("pk"))
            .order_by("talk__inspection__code"))
    return [{"pk": r["talk__inspection_id"], "code": r["talk__inspection__code"], "n": r["n"]} for r in rows]


# ---- Work records and the log ----------------------------------------------------------------------------------


def work_records(*, actor: User, inspection: Inspection) -> QuerySet[WorkRecord]:
    return (WorkRecord.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("organization", "recorded_by").order_by("-held_on", "-sequence"))


def work_record_get(*, actor: User, pk: Any) -> WorkRecord:
    return access(WorkRecord, actor, pk,
                  queryset=WorkRecord.objects.select_related("inspection", "organization", "recorded_by"))


def work_log(*, actor: User, inspection: Inspection) -> QuerySet[WorkLogEntry]:
    return (WorkLogEntry.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("written_by").order_by("-day"))


# ---- The weekly summary ----------------------------------------------------------------------------------------


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class WeeklySummary:
    """One week of a team's work, counted from its records (never typed in)."""

    inspection: Inspection
    start: datetime.date
    end: datetime.date
    talks_held: int = 0
    talks_declined: int = 0
    talks_held_total: int = 0
    talks_planned_total: int = 0
    documents_requested: int = 0
    documents_received: int = 0
    documents_returned: int = 0
    visits: int = 0
    records_by_method: list[tuple[str, int]] = field(default_factory=list)
    log_days: int = 0
    items_to_note: list[tuple[datetime.date, str]] = field(default_factory=list)

    @property
    def previous(self) -> datetime.date:
        return self.start - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        return self.start + datetime.timedelta(days=7)


def stay_weeks(inspection: Inspection) -> list[datetime.date]:
    """The Mondays of the weeks of the stay (to today while stationed)."""
    first = inspection.stationed_on
    if first is None:
        return []
    last = inspection.withdrawn_on or business_today()
    weeks = []
    day = week_start(first)
    while day <= last:
        weeks.append(day)
        day += datetime.timedelta(days=7)
    return weeks


def weekly_summary(*, actor: User, inspection: Inspection, start: datetime.date) -> WeeklySummary:
    """The week from ``start`` (a Monday) to Sunday: talks held and declined, documents requested, received and
    returned, visits and the other work records by method, and the items the log marked for attention. The counts
    are of the whole team's work (the office reads the summary; no record's content is shown)."""
    start = week_start(start)
    end = start + datetime.timedelta(days=6)
    summary = WeeklySummary(inspection=inspection, start=start, end=end)
    talks = Talk.objects.filter(inspection=inspection)
    summary.talks_planned_total = talks.count()
    held = TalkRecord.objects.filter(talk__inspection=inspection, talk__status=TalkStatus.DONE)
    summary.talks_held_total = held.count()
    summary.talks_held = held.filter(started_at__date__range=(start, end)).count()
    summary.talks_declined = talks.filter(status=TalkStatus.DECLINED, updated_at__date__range=(start, end)).count()
    requests = DocumentRequest.objects.filter(inspection=inspection)
    figures = requests.aggregate(
        requested=Count("pk", filter=Q(requested_on__range=(start, end))),
        received=Count("pk", filter=Q(received_on__range=(start, end))),
        returned=Count("pk", filter=Q(returned_on__range=(start, end))),
    )
    summary.documents_requested = figures["requested"]
    summary.documents_received = figures["received"]
    summary.documents_returned = figures["returned"]
    records = WorkRecord.objects.filter(inspection=inspection, held_on__range=(start, end))
    by_method = dict(records.order_by().values_list("method").annotate(n=Count("pk")))
    labels = dict(WorkMethod.choices)
    summary.records_by_method = [(str(labels[m]), by_method[m]) for m in WorkMethod.values if m in by_method]
    summary.visits = sum(by_method.get(m, 0) for m in VISIT_METHODS)
    log = list(WorkLogEntry.objects.filter(inspection=inspection, day__range=(start, end)).order_by("day"))
    summary.log_days = len(log)
    summary.items_to_note = [(entry.day, entry.items_to_note) for entry in log if entry.items_to_note]
    audit_record("weekly_summary.read", actor=actor, obj=inspection, details={"week": start.isoformat()})
    return summary


def may_read_summary(actor: User, inspection: Inspection) -> bool:
    """The team and the office director (VIEW_FIELDWORK) and the office staff (MANAGE_PLANNING): the summary goes
    to the office."""
    return bool(capabilities(actor, inspection) & {Cap.VIEW_FIELDWORK, Cap.MANAGE_PLANNING})


# ---- The stay in figures (shown at withdrawal) -----------------------------------------------------------------


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Talks held against the plan, documents requested and returned, visits and other work records."""
    progress = talk_progress(Talk.objects.filter(inspection=inspection))
    documents = DocumentRequest.objects.filter(inspection=inspection).aggregate(
        total=Count("pk"), returned=Count("pk", filter=Q(status=DocumentStatus.RETURNED)),
        held=Count("pk", filter=Q(status__in=[DocumentStatus.RECEIVED, DocumentStatus.REVIEWED])))
    records = WorkRecord.objects.filter(inspection=inspection)
    visits = records.filter(method__in=VISIT_METHODS).count()
    open_talks = progress[TalkStatus.PLANNED] + progress[TalkStatus.RESCHEDULED]
    return [
        StayFigure("个别谈话", progress[TalkStatus.DONE],
                   f"计划 {progress['total']} 人，未能谈话 {progress[TalkStatus.DECLINED]} 人，"
                   f"尚未进行 {open_talks} 人" + (f"，取消 {progress[TalkStatus.CANCELLED]} 人"
                                                 if progress[TalkStatus.CANCELLED] else ""),
                   attention=open_talks > 0),
        StayFigure("调阅资料", documents["total"],
                   f"已退还 {documents['returned']} 项，尚未退还 {documents['held']} 项",
                   attention=documents["held"] > 0),
        StayFigure("走访、下沉", visits),
        StayFigure("其他工作记录", records.count() - visits),
        StayFigure("巡察日志", WorkLogEntry.objects.filter(inspection=inspection).count(), "天"),
    ]
