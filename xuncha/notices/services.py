"""The writes of notices during the stay, one service each for the page and the API: transactional, audited, scoped.

Objects are loaded through the scope kernel (``access``) with the capability the write needs: a notice outside the
caller's grants is a 404, a visible one whose step their roles do not allow a 403. Bad input raises ``DomainError``
with a Chinese message and changes nothing. Every state change goes through ``NOTICE_WORKFLOW``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.core.uploads import check_upload
from xuncha.documents.models import DocumentSeries
from xuncha.documents.services import document_number_issue, parse_number
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.notices.models import (
    ImmediateItem,
    ItemStatus,
    Notice,
    NoticeAnswer,
    NoticeFile,
    NoticeKind,
    NoticeStatus,
)
from xuncha.notices.workflows import FORM_STEPS, ISSUE_STATUSES, NOTICE_WORKFLOW, STAY_OVER

MAX_ITEMS = 30
MAX_FILES = 10
TEXT_MAX = 20_000
DEFAULT_RETURN_DAYS = 3
# The document-number series of each kind (xuncha.documents: 洛 + 巡改 / 巡说).
NOTICE_SERIES = {NoticeKind.RECTIFICATION: DocumentSeries.RECTIFICATION,
                 NoticeKind.EXPLANATION: DocumentSeries.EXPLANATION}


@dataclass(frozen=True)
class ItemData:
    problem: str
    requirement: str = ""


@dataclass(frozen=True)
class NoticeData:
    """What the team fills in for a notice (the form and the API body)."""

    kind: str
    organization_id: int
    title: str
    subject: str
    requirement: str
    deadline: datetime.date
    basis: str = ""
    contact: str = ""
    items: Sequence[ItemData] = field(default_factory=tuple)


def _fail(field_name: str, message: str) -> DomainError:
    return DomainError(message, fields={field_name: [message]})


def _text(value: str, field_name: str, label: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    value = value.strip()
    if required and not value:
        raise _fail(field_name, f"请填写{label}。")
    if len(value) > limit:
        raise _fail(field_name, f"{label}不能超过 {limit} 字。")
    return value


def _clean(inspection: Inspection, data: NoticeData) -> tuple[dict[str, Any], list[ItemData]]:
    if data.kind not in NoticeKind.values:
        raise _fail("kind", "通知书类别无效。")
    targets = {t.organization_id for t in inspection.targets.all()}
    if data.organization_id not in targets:
        raise _fail("organization", "请选择本次巡察的被巡察党组织。")
    title = _text(data.title, "title", "标题", limit=120)
    subject = _text(data.subject, "subject", "问题或事项")
    requirement = _text(data.requirement, "requirement", "要求")
    today = business_today()
    if data.deadline < today:
        raise _fail("deadline", "回复期限不能早于今天。")
    items: list[ItemData] = []
    if data.kind == NoticeKind.RECTIFICATION:
        for index, item in enumerate(data.items, start=1):
            problem = item.problem.strip()
            if not problem:
                if item.requirement.strip():
                    raise _fail("items", f"第 {index} 项立行立改事项缺少问题描述。")
                continue
            items.append(ItemData(_text(problem, "items", "问题描述", limit=2000),
                                  _text(item.requirement, "items", "整改要求", required=False, limit=2000)))
        if len(items) > MAX_ITEMS:
            raise _fail("items", f"一份整改通知书至多列 {MAX_ITEMS} 项立行立改事项。")
    elif any(i.problem.strip() for i in data.items):
        raise _fail("items", "情况说明通知书不列立行立改事项。")
    values = {"kind": data.kind, "organization_id": data.organization_id, "title": title, "subject": subject,
              "basis": _text(data.basis, "basis", "依据", required=False), "requirement": requirement,
              "deadline": data.deadline, "contact": _text(data.contact, "contact", "联系人", required=False,
                                                          limit=80)}
    return values, items


def _stationed_inspection(actor: User, inspection_id: int) -> Inspection:
    inspection = access_inspection(actor, inspection_id, capability=Cap.DRAFT_NOTICES, lock=True)
    if inspection.status not in ISSUE_STATUSES:
        raise DomainError(STAY_OVER)
    return inspection


def _save_items(notice: Notice, items: list[ItemData]) -> None:
    ImmediateItem.objects.filter(notice=notice).delete()
    ImmediateItem.objects.bulk_create([ImmediateItem(notice=notice, sequence=n, problem=i.problem,
                                                     requirement=i.requirement)
                                       for n, i in enumerate(items, start=1)])


def notice_create(*, actor: User, inspection_id: int, data: NoticeData) -> Notice:
    """Draft a notice to an inspected organisation (any member of the team, while stationed)."""
    with transaction.atomic():
        inspection = _stationed_inspection(actor, inspection_id)
        values, items = _clean(inspection, data)
        # The inspection row is locked: two writers cannot take the same sequence.
        sequence = (Notice.objects.filter(inspection=inspection).aggregate(n=Max("sequence"))["n"] or 0) + 1
        notice = Notice.objects.create(inspection=inspection, sequence=sequence, drafted_by=actor,
                                       code=f"{inspection.code}-TZ-{sequence:03d}", **values)
        _save_items(notice, items)
        audit_record("stay_notice.create", actor=actor, obj=notice,
                     details={"kind": notice.kind, "organization": notice.organization_id, "items": len(items)})
        return notice


def notice_update(*, actor: User, notice_id: int, data: NoticeData) -> Notice:
    """Correct a draft (its items are replaced by the ones given)."""
    with transaction.atomic():
        notice = access(Notice, actor, notice_id, capability=Cap.DRAFT_NOTICES, lock=True)
        inspection = _stationed_inspection(actor, notice.inspection_id)
        if notice.status != NoticeStatus.DRAFT:
            raise DomainError("通知书已印发，不能再修改。")
        values, items = _clean(inspection, data)
        for name, value in values.items():
            setattr(notice, name, value)
        notice.save()
        _save_items(notice, items)
        audit_record("stay_notice.update", actor=actor, obj=notice, details={"items": len(items)})
        return notice


def _day(on: datetime.date | None, earliest: datetime.date | None, what: str) -> datetime.date:
    today = business_today()
    day = on or today
    if day > today:
        raise _fail("on", "日期不能晚于今天。")
    if earliest and day < earliest:
        raise _fail("on", f"日期不能早于{what}（{earliest:%Y-%m-%d}）。")
    return day


def _allocate_number(notice: Notice, year: int, actor: User) -> None:
    """The next number of the dispatching committee's series for this kind in ``year`` (洛巡改〔2018〕3号,
    洛巡说〔2018〕1号), from the official-documents sequences (``xuncha.documents``: one per jurisdiction, series
    and year, every number recorded once)."""
    number = document_number_issue(actor=actor, jurisdiction=notice.inspection.jurisdiction,
                                   series=NOTICE_SERIES[NoticeKind(notice.kind)], year=year,
                                   purpose=f"{notice.code} {notice.title}")
    parsed = parse_number(number)
    if parsed is None:  # cannot happen: the sequence writes numbers in the standard form
        raise DomainError("文号格式不正确。")
    notice.number, notice.number_year, notice.number_serial = number, parsed[1], parsed[2]


def _latest_answer(notice: Notice) -> NoticeAnswer | None:
    return NoticeAnswer.objects.filter(notice=notice).order_by("-round").first()


def notice_transition(*, actor: User, notice_id: int, transition: str, note: str = "",
                      on: datetime.date | None = None, deadline: datetime.date | None = None,
                      received_name: str = "") -> Notice:
    """Issue (the leader: numbered, dated), sign for (the liaison: who and when), accept or send back (the leader or
    a deputy; sending back needs the reason and a new deadline). The answer is ``notice_answer``."""
    if transition not in FORM_STEPS:
        raise DomainError("未知的操作。")
    with transaction.atomic():
        notice = access(Notice, actor, notice_id, lock=True,
                        queryset=Notice.objects.select_related("inspection__jurisdiction"))
        step = NOTICE_WORKFLOW.get(transition)
        caps = capabilities(actor, notice)
        if step.capability not in caps:
            raise CapabilityMissing(f"您的角色不能执行“{step.label}”。")
        NOTICE_WORKFLOW.ensure_allowed(notice, step)
        extra: list[str] = []
        details: dict[str, Any] = {}
        if transition == "issue":
            day = _day(on, notice.inspection.stationed_on, "进驻日期")
            if notice.deadline < day:
                raise _fail("on", "印发日期不能晚于回复期限。")
            _allocate_number(notice, day.year, actor)
            notice.issued_by = actor
            extra += ["number", "number_year", "number_serial", "issued_by"]
        elif transition == "receive":
            day = _day(on, notice.issued_on, "印发日期")
            notice.received_by = actor
            notice.received_name = (received_name.strip() or getattr(actor, "display_name", "")
                                    or actor.get_username())[:30]
            extra += ["received_by", "received_name"]
        else:
            answer = _latest_answer(notice)
            if answer is None:  # cannot happen: the step's source state is "answered"
                raise DomainError("尚无回复。")
            day = _day(on, answer.answered_on, "回复日期")
            answer.verdict = "accepted" if transition == "accept" else "returned"
            answer.verdict_note = note.strip()
            answer.save(update_fields=["verdict", "verdict_note"])
            details["answer"] = answer.round
            if transition == "accept":
                notice.accepted_by = actor
                notice.assessment = note.strip()
                extra += ["accepted_by", "assessment"]
                details["items_done"] = _close_items(notice, answer)
            else:
                new_deadline = deadline or day + datetime.timedelta(days=DEFAULT_RETURN_DAYS)
                if new_deadline < business_today():
                    raise _fail("deadline", "新的回复期限不能早于今天。")
                notice.deadline = new_deadline
                extra.append("deadline")
                details["deadline"] = new_deadline.isoformat()
        if step.date_field:
            setattr(notice, step.date_field, day)
            extra.append(step.date_field)
        try:
            with transaction.atomic():
                NOTICE_WORKFLOW.apply(notice, transition, actor=actor, caps=caps, note=note, extra_fields=extra,
                                      details={"on": day.isoformat(), **details})
        except IntegrityError as exc:  # another notice took the number at the same moment
            raise DomainError("文号已被占用，请重试。") from exc
        return notice


def _close_items(notice: Notice, answer: NoticeAnswer) -> int:
    """The items the accepted answer reports done are done, with that answer as their evidence."""
    done = ImmediateItem.objects.filter(notice=notice, reported_done=True, status=ItemStatus.OPEN)
    return done.update(status=ItemStatus.DONE, done_on=answer.answered_on, evidence=answer)


@dataclass(frozen=True)
class ItemAnswer:
    item_id: int
    measures: str
    done: bool


@dataclass(frozen=True)
class AnswerData:
    text: str
    files: Sequence[tuple[str, bytes]] = field(default_factory=tuple)
    items: Sequence[ItemAnswer] = field(default_factory=tuple)
    on: datetime.date | None = None


def notice_answer(*, actor: User, notice_id: int, data: AnswerData) -> NoticeAnswer:
    """The organisation's answer (the liaison): the text, the measures taken on each item of a rectification
    notice and whether it is done, and the files (each checked by content and size before anything is stored)."""
    with transaction.atomic():
        notice = access(Notice, actor, notice_id, lock=True,
                        queryset=Notice.objects.select_related("inspection"))
        step = NOTICE_WORKFLOW.get("answer")
        caps = capabilities(actor, notice)
        if step.capability not in caps:
            raise CapabilityMissing("通知书由被巡察单位联络员回复。")
        NOTICE_WORKFLOW.ensure_allowed(notice, step)
        text = _text(data.text, "text", "回复内容")
        day = _day(data.on, notice.received_on or notice.issued_on, "签收日期")
        if len(data.files) > MAX_FILES:
            raise _fail("files", f"一次回复至多上传 {MAX_FILES} 个文件。")
        checked = [(*check_upload(name, content, field="files"), content) for name, content in data.files]
        items = {i.pk: i for i in ImmediateItem.objects.filter(notice=notice)}
        given = {a.item_id: a for a in data.items}
        if unknown := set(given) - set(items):
            raise _fail("items", f"立行立改事项 {sorted(unknown)[0]} 不属于这份通知书。")
        for item in items.values():
            if item.status == ItemStatus.DONE:
                continue
            reply = given.get(item.pk)
            measures = _text(reply.measures, "items", "整改措施", required=False, limit=4000) if reply else ""
            if reply and reply.done and not measures:
                raise _fail("items", f"第 {item.sequence} 项报告已完成，请写明整改措施。")
            item.measures, item.reported_done = measures, bool(reply and reply.done)
        ImmediateItem.objects.bulk_update(list(items.values()), ["measures", "reported_done"])
        latest = _latest_answer(notice)
        answer = NoticeAnswer.objects.create(notice=notice, round=(latest.round + 1) if latest else 1, text=text,
                                             answered_by=actor, answered_on=day)
        for filename, content_type, content in checked:
            stored = NoticeFile(answer=answer, filename=filename, content_type=content_type, size=len(content),
                                uploaded_by=actor)
            stored.file.save(filename, ContentFile(content), save=False)
            stored.save()
        NOTICE_WORKFLOW.apply(notice, "answer", actor=actor, caps=caps,
                              details={"on": day.isoformat(), "round": answer.round, "files": len(checked),
                                       "items_reported_done": sum(i.reported_done for i in items.values())})
        return answer
