"""Writes of petitions: the public submission, the team's registration, triage, handling, messages, retention.

Every write is one transaction with its audit event. The public ones (``public_submit``, ``petitioner_message``)
have no signed-in actor; their audit events carry no client address or request id (``_unlinked``), so nothing
ties a petition to the device it came from.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_now, business_today
from xuncha.core.context import RequestContext, current_request
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.models import Inspection
from xuncha.petitions import receipts, triage
from xuncha.petitions.models import (
    REGISTERED_CHANNELS,
    Channel,
    Petition,
    PetitionerKind,
    PetitionFile,
    PetitionMessage,
    PetitionPage,
    PetitionTransfer,
    Priority,
    TransferTarget,
)
from xuncha.petitions.rules import acceptance_window, next_number
from xuncha.petitions.uploads import CleanFile, clean_uploads
from xuncha.petitions.workflow import OPEN_STATUSES, PETITION_WORKFLOW, PetitionStatus
from xuncha.taxonomy.models import FrameworkNode

DENIED = "只有本巡察组可以办理信访件。"
DECIDE_DENIED = "信访件的处理意见由组长、副组长决定。"
MAX_TEXT = 5000
MAX_MESSAGE = 2000


@contextmanager
def _unlinked() -> Iterator[None]:
    """Audit events written inside carry no client address and no request id (an anonymous petitioner)."""
    token = current_request.set(RequestContext(request_id="", client_ip=""))
    try:
        yield
    finally:
        current_request.reset(token)


@dataclass(frozen=True)
class PetitionText:
    """What a petition says, as the public form and the registration form both give it."""

    about_whom: str
    summary: str
    content: str
    since_when: str = ""
    anonymous: bool = True
    petitioner_name: str = ""
    petitioner_contact: str = ""
    petitioner_unit: str = ""
    petitioner_kind: str = PetitionerKind.UNKNOWN


def _error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


# Markup and injection attempts in what the public sends: refused with a plain answer (the text would be shown
# escaped and queried with parameters anyway; refusing keeps such payloads out of the team's records).
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|javascript\s*:|\bon[a-z]+\s*=", re.I)
_SQL = re.compile(r"\bunion\s+(all\s+)?select\b|;\s*(drop|delete|truncate|insert|update|alter)\s|'\s*or\s+'?\d+'?\s*="
                  r"\s*'?\d+|'\s*;?\s*--|\bxp_cmdshell\b|\bsleep\s*\(\s*\d", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _clean_text(value: str, field: str, label: str, limit: int, *, required: bool = True,
                public: bool = False) -> str:
    value = (value or "").strip()
    if _CONTROL.search(value):
        raise _error(field, f"{label}含有无法识别的字符，请检查输入法或编码后重新填写。")
    if required and not value:
        raise _error(field, f"请填写{label}。")
    if len(value) > limit:
        raise _error(field, f"{label}不能超过 {limit} 字。")
    if public and (_MARKUP.search(value) or _SQL.search(value)):
        raise _error(field, f"{label}中不能含有网页代码或数据库语句，请用文字描述。")
    return value


def _validated(text: PetitionText, *, public: bool = False) -> dict[str, Any]:
    p = {"public": public}
    values = {
        "about_whom": _clean_text(text.about_whom, "about_whom", "被反映人", 200, **p),
        "summary": _clean_text(text.summary, "summary", "反映事项", 200, **p),
        "content": _clean_text(text.content, "content", "具体内容", MAX_TEXT, **p),
        "since_when": _clean_text(text.since_when, "since_when", "问题发生时间", 60, required=False, **p),
        "anonymous": bool(text.anonymous),
        "petitioner_kind": text.petitioner_kind if text.petitioner_kind in PetitionerKind.values
        else PetitionerKind.UNKNOWN,
    }
    if text.anonymous:
        # An anonymous petition keeps nothing about its author, whatever the form carried.
        values.update(petitioner_name="", petitioner_contact="", petitioner_unit="")
    else:
        values.update(
            petitioner_name=_clean_text(text.petitioner_name, "petitioner_name", "姓名", 30, **p),
            petitioner_contact=_clean_text(text.petitioner_contact, "petitioner_contact", "联系方式", 100, **p),
            petitioner_unit=_clean_text(text.petitioner_unit, "petitioner_unit", "单位", 100, required=False, **p))
    return values


def _suggest(petition: Petition) -> None:
    suggestion = triage.suggest_category(triage.framework_for(petition.inspection),
                                         f"{petition.summary} {petition.content}")
    if suggestion is not None:
        petition.suggested_category = suggestion.node
        petition.save(update_fields=["suggested_category"])


def _store_files(petition: Petition, files: list[CleanFile]) -> None:
    for index, clean in enumerate(files, start=1):
        record = PetitionFile(petition=petition, name=f"材料{index}{clean.extension}", kind=clean.kind,
                              extension=clean.extension, size=len(clean.content), sha256=clean.sha256)
        record.file.save("evidence", ContentFile(clean.content), save=False)
        record.save()


def _with_receipt(petition: Petition) -> str:
    """Give the petition a fresh receipt code; only its keyed hash is kept."""
    for _attempt in range(3):
        code = receipts.new_code()
        petition.receipt_hash = receipts.digest(receipts.normalize(code) or "")
        try:
            with transaction.atomic():
                petition.save(update_fields=["receipt_hash"])
        except IntegrityError:  # pragma: no cover - 85 random bits do not collide in practice
            continue
        return code
    raise DomainError("查询码生成失败，请重试。")  # pragma: no cover


def public_page(slug: str) -> PetitionPage | None:
    """The petition page of ``slug`` (a public look-up: the slug is the capability, not the pk)."""
    if not slug or len(slug) > 40:
        return None
    return PetitionPage.objects.select_related("inspection__jurisdiction", "inspection__team",
                                               "inspection__round").filter(slug=slug).first()


def new_slug() -> str:
    return secrets.token_urlsafe(16)


def ensure_page(inspection: Inspection) -> PetitionPage:
    """The inspection's public page, made on first need (with an unguessable slug)."""
    page = PetitionPage.objects.filter(inspection=inspection).first()
    if page is None:
        page, _ = PetitionPage.objects.get_or_create(inspection=inspection, defaults={"slug": new_slug()})
    return page


@transaction.atomic
def public_submit(*, slug: str, text: PetitionText, files: list[tuple[str, bytes]]) -> tuple[Petition, str]:
    """A petition through the public page (网络/扫码). Returns it with its receipt code, to show once.

    Refused outside the announced period (up to the cut-off before withdrawal); files are checked by content and
    size and cleaned of metadata before anything is stored; nothing about the sender's device is kept."""
    page = public_page(slug)
    if page is None:
        raise DomainError("页面不存在。")
    inspection = page.inspection
    window = acceptance_window(inspection)
    today = business_today()
    if window.state(inspection, today) != "open":
        raise DomainError("本次巡察的信访受理时间已截止（或尚未开始），不再通过本页面受理。"
                          "如需反映问题，请通过纪检监察机关信访举报电话 12388 等渠道反映。")
    values = _validated(text, public=True)
    cleaned = clean_uploads(files)
    petition = Petition.objects.create(inspection=inspection, number=next_number(inspection, today),
                                       channel=Channel.ONLINE, received_on=today, **values)
    _store_files(petition, cleaned)
    code = _with_receipt(petition)
    _suggest(petition)
    with _unlinked():
        audit_record("petition.submit", obj=petition, details={"channel": Channel.ONLINE, "files": len(cleaned)})
    return petition, code


def _inspection_for_handling(actor: User, inspection_id: int) -> Inspection:
    return access(Inspection, actor, inspection_id, capability=Cap.HANDLE_PETITIONS, denied=DENIED,
                  queryset=Inspection.objects.select_related("jurisdiction", "team__round__term", "round"))


@transaction.atomic
def petition_register(*, actor: User, inspection_id: int, channel: str, received_on: datetime.date,
                      text: PetitionText, issue_receipt: bool = False,
                      files: list[tuple[str, bytes]] | None = None) -> tuple[Petition, str | None]:
    """Register a petition the team received by letter, phone, visit, post box or from the petition bureau.

    Numbered by the office's rule; one received after the announced cut-off is kept and flagged (spec §4.3).
    With ``issue_receipt`` the petitioner gets a receipt code (told once, e.g. over the phone)."""
    inspection = _inspection_for_handling(actor, inspection_id)
    if channel not in {c.value for c in REGISTERED_CHANNELS}:
        raise _error("channel", "请选择来源渠道。")
    if received_on is None or received_on > business_today():
        raise _error("received_on", "收到日期不能晚于今天。")
    start = inspection.stationed_on or inspection.planned_entry
    if received_on < start:
        raise _error("received_on", f"收到日期不能早于进驻日期（{start:%Y年%m月%d日}）。")
    values = _validated(text)
    cleaned = clean_uploads(files or [])
    window = acceptance_window(inspection)
    petition = Petition.objects.create(
        inspection=inspection, number=next_number(inspection, received_on), channel=channel,
        received_on=received_on, after_cutoff=received_on > window.accept_until, registered_by=actor, **values)
    _store_files(petition, cleaned)
    code = _with_receipt(petition) if issue_receipt else None
    _suggest(petition)
    audit_record("petition.register", actor=actor, obj=petition,
                 details={"channel": channel, "files": len(cleaned), "receipt": bool(code)})
    return petition, code


def _petition(actor: User, petition_id: int, capability: Cap, denied: str = DENIED) -> Petition:
    return access(Petition, actor, petition_id, capability=capability, denied=denied, lock=True,
                  queryset=Petition.objects.select_related("inspection__jurisdiction", "inspection__round"))


@transaction.atomic
def petition_triage(*, actor: User, petition_id: int, category_code: str = "", priority: str = Priority.NORMAL,
                    in_scope: bool | None = None) -> Petition:
    """The team's triage (研判): category, priority, within the remit or not. Moves a new petition on to 办理中."""
    petition = _petition(actor, petition_id, Cap.HANDLE_PETITIONS)
    if not petition.is_open:
        raise DomainError("该信访件已办结，不能再研判。")
    if priority not in Priority.values:
        raise _error("priority", "请选择优先级。")
    category = None
    if category_code:
        framework = triage.framework_for(petition.inspection)
        category = FrameworkNode.objects.filter(framework=framework, code=category_code).first()
        if category is None:
            raise _error("category", "问题分类不在本轮使用的监督重点框架中。")
    petition.category, petition.priority, petition.in_scope = category, priority, in_scope
    petition.save(update_fields=["category", "priority", "in_scope", "updated_at"])
    details = {"category": category_code, "priority": priority, "in_scope": in_scope}
    if petition.status == PetitionStatus.RECEIVED:
        PETITION_WORKFLOW.apply(petition, "triage", actor=actor, caps=capabilities(actor, petition), details=details)
    else:
        audit_record("petition.retriage", actor=actor, obj=petition, details=details)
    return petition


def _team_message(petition: Petition, actor: User, body: str) -> PetitionMessage:
    return PetitionMessage.objects.create(petition=petition, author=actor, from_petitioner=False,
                                          body=_clean_text(body, "body", "回复内容", MAX_MESSAGE))


@transaction.atomic
def petition_answer(*, actor: User, petition_id: int, reply: str) -> Petition:
    """Answer and close (答复办结): the reply goes to the petitioner through the receipt code (or, named, by the
    team in person) and is the step's note."""
    petition = _petition(actor, petition_id, Cap.DECIDE_PETITIONS, DECIDE_DENIED)
    reply = _clean_text(reply, "note", "答复内容", MAX_MESSAGE)
    PETITION_WORKFLOW.apply(petition, "answer", actor=actor, caps=capabilities(actor, petition), note=reply)
    _team_message(petition, actor, reply)
    return petition


@transaction.atomic
def petition_refer(*, actor: User, petition_id: int, target: str, receiver: str, reason: str,
                   transferred_on: datetime.date | None = None, reference_no: str = "") -> Petition:
    """Refer (转办) a petition outside the inspection's remit to the discipline commission, the petition bureau,
    the competent department or the inspected organisation, with a transfer record; the petitioner is told."""
    petition = _petition(actor, petition_id, Cap.DECIDE_PETITIONS, DECIDE_DENIED)
    if not petition.is_open:
        raise DomainError("该信访件已办结，不能转办。")
    if target not in TransferTarget.values:
        raise _error("target", "请选择转办对象。")
    day = transferred_on or business_today()
    if day > business_today():
        raise _error("transferred_on", "转办日期不能晚于今天。")
    PetitionTransfer.objects.update_or_create(petition=petition, defaults={
        "target": target, "receiver": _clean_text(receiver, "receiver", "接收单位", 100),
        "reason": _clean_text(reason, "reason", "转办理由", MAX_MESSAGE),
        "reference_no": _clean_text(reference_no, "reference_no", "转办函号", 60, required=False),
        "transferred_on": day, "recorded_by": actor})
    PETITION_WORKFLOW.apply(petition, "refer", actor=actor, caps=capabilities(actor, petition),
                            details={"target": target, "receiver": receiver.strip()})
    PetitionMessage.objects.create(petition=petition, author=actor, body=(
        f"您反映的问题不属于本次巡察受理范围，已于{day:%Y年%m月%d日}按规定转{TransferTarget(target).label}办理。"))
    return petition


@transaction.atomic
def petition_keep_for_report(*, actor: User, petition_id: int, note: str) -> Petition:
    """Carry the petition into the inspection report (纳入巡察报告): handled as far as the stay is concerned."""
    petition = _petition(actor, petition_id, Cap.DECIDE_PETITIONS, DECIDE_DENIED)
    PETITION_WORKFLOW.apply(petition, "keep_for_report", actor=actor, caps=capabilities(actor, petition),
                            note=_clean_text(note, "note", "说明", MAX_MESSAGE))
    return petition


@transaction.atomic
def petition_merge(*, actor: User, petition_id: int, original_id: int, note: str = "") -> Petition:
    """Merge a duplicate (重复件) into the petition on the same matter; its petitioner follows the original's
    handling through their own receipt."""
    petition = _petition(actor, petition_id, Cap.DECIDE_PETITIONS, DECIDE_DENIED)
    original = access(Petition, actor, original_id, capability=Cap.VIEW_PETITIONS)
    if original.inspection_id != petition.inspection_id:
        raise _error("original", "只能合并同一次巡察的信访件。")
    while original.duplicate_of_id is not None and original.status == PetitionStatus.MERGED:
        original = access(Petition, actor, original.duplicate_of_id)
    if original.pk == petition.pk:
        raise _error("original", "不能合并到自身。")
    petition.duplicate_of = original
    PETITION_WORKFLOW.apply(petition, "merge", actor=actor, caps=capabilities(actor, petition),
                            note=note.strip()[:MAX_MESSAGE], extra_fields=["duplicate_of"],
                            details={"original": original.number})
    return petition


@transaction.atomic
def team_message(*, actor: User, petition_id: int, body: str) -> PetitionMessage:
    """A message from the team to the petitioner (read through the receipt code)."""
    petition = _petition(actor, petition_id, Cap.HANDLE_PETITIONS)
    if petition.receipt_hash is None:
        raise DomainError("该信访件没有查询码，反映人无法在线查看回复；实名反映的请当面或电话答复。")
    message = _team_message(petition, actor, body)
    audit_record("petition.message", actor=actor, obj=petition, details={"message": message.pk})
    return message


def petition_by_receipt(code: str) -> Petition | None:
    """The petition of a receipt code, or None (a malformed code is None without a query)."""
    normalized = receipts.normalize(code or "")
    if normalized is None:
        return None
    return (Petition.objects.select_related("inspection__team", "duplicate_of")
            .filter(receipt_hash=receipts.digest(normalized)).first())


@transaction.atomic
def petitioner_message(*, code: str, body: str) -> PetitionMessage:
    """A message from the petitioner, through their receipt code only."""
    petition = petition_by_receipt(code)
    if petition is None:
        raise DomainError("查询码不正确。")
    petition = Petition.objects.select_for_update().filter(receipt_hash=petition.receipt_hash).get()
    message = PetitionMessage.objects.create(petition=petition, from_petitioner=True,
                                             body=_clean_text(body, "body", "留言内容", MAX_MESSAGE, public=True))
    petition.last_petitioner_message_at = business_now()
    petition.save(update_fields=["last_petitioner_message_at"])
    with _unlinked():
        audit_record("petition.petitioner_message", obj=petition, details={"message": message.pk})
    return message


def purge_due(today: datetime.date | None = None) -> list[Petition]:
    """Handled petitions past their retention (by status, ``XUNCHA_PETITION_RETENTION_DAYS``) and past the grace
    period after the petitioner's last message (``XUNCHA_PETITION_GRACE_DAYS``)."""
    today = today or business_today()
    grace = datetime.timedelta(days=settings.XUNCHA_PETITION_GRACE_DAYS)
    due = []
    candidates = Petition.objects.exclude(status__in=OPEN_STATUSES).filter(handled_on__isnull=False)
    for petition in candidates.select_related("inspection").order_by("pk"):
        days = settings.XUNCHA_PETITION_RETENTION_DAYS.get(petition.status)
        handled_on = petition.handled_on
        if days is None or handled_on is None or handled_on + datetime.timedelta(days=days) > today:
            continue
        last = petition.last_petitioner_message_at
        if last is not None and last.date() + grace > today:
            continue
        due.append(petition)
    return due


@transaction.atomic
def purge_expired(today: datetime.date | None = None) -> int:
    """Delete the petitions ``purge_due`` names, with their files, messages and transfer record; each deletion
    is audited with the number and status only (the content is gone by design)."""
    count = 0
    for petition in purge_due(today):
        for record in petition.files.all():
            record.file.delete(save=False)
        audit_record("petition.purge", obj=petition, details={"number": petition.number, "status": petition.status,
                                                              "handled_on": str(petition.handled_on)})
        # Merged duplicates pointing here lose the link, not their own retention.
        Petition.objects.filter(duplicate_of=petition).update(duplicate_of=None)
        petition.delete()
        count += 1
    return count
