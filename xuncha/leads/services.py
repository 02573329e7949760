"""Writes of leads: drafting, the approvals, the identity approval, the transfer with its fixed package, the
receiving body's receipt, disposal and outcome, the office's close-out. One transaction each, with the audit event
(the workflow engine's, or the service's own); every object loaded through the scope kernel (404 out of scope,
403 without the capability)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_now, business_today
from xuncha.core.exceptions import DomainError, TransitionNotAllowed
from xuncha.core.scoping import access, capabilities
from xuncha.documents.models import DocumentSeries
from xuncha.documents.services import document_number_issue
from xuncha.inspections import evidence
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.inspections.states import InspectionStatus
from xuncha.leads.deadlines import add_months, feedback_months
from xuncha.leads.models import Lead, LeadOutcomeItem, LeadPerson, LeadReference, ReferenceRole
from xuncha.leads.states import (
    CadreLevel,
    DisciplineType,
    Disposal,
    LeadSource,
    LeadStatus,
    OutcomeKind,
    ReferralTarget,
)
from xuncha.leads.workflow import LEAD_WORKFLOW, PLAIN_STEPS
from xuncha.orgs.models import Jurisdiction
from xuncha.taxonomy.models import FrameworkNode

DRAFT_DENIED = "只有本巡察组可以起草和修改问题线索。"
HANDLE_DENIED = "只有接收单位可以签收、办理和反馈问题线索。"
# While a team has something to refer: from the stay until the rectification is closed.
DRAFTING_STATUSES = frozenset({InspectionStatus.STATIONED, InspectionStatus.REPORTING, InspectionStatus.FEEDBACK,
                               InspectionStatus.RECTIFYING})
MAX_TEXT = 5000
MAX_PERSONS = 20
# Kinds of record whose title may name a source (a talk record names the person talked to): the package lists
# them by kind and date only.
TITLE_WITHHELD_KINDS = frozenset({"fieldwork.talk"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _error(name: str, message: str) -> DomainError:
    return DomainError(message, fields={name: [message]})


def _text(value: str | None, name: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if _CONTROL.search(value):
        raise _error(name, f"{label}含有无法识别的字符，请检查后重新填写。")
    if required and not value:
        raise _error(name, f"请填写{label}。")
    if len(value) > limit:
        raise _error(name, f"{label}不能超过 {limit} 字。")
    return value


def _amount(value: Any, name: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _error(name, f"{label}应为数字（万元）。") from None
    if amount < 0 or amount >= Decimal("10000000000"):
        raise _error(name, f"{label}应在 0 至 9,999,999,999.99 万元之间。")
    return amount


def _day(value: datetime.date | None, name: str, label: str, *, not_before: datetime.date | None = None,
         before_label: str = "") -> datetime.date:
    day = value or business_today()
    if day > business_today():
        raise _error(name, f"{label}不能晚于今天。")
    if not_before is not None and day < not_before:
        raise _error(name, f"{label}不能早于{before_label}（{not_before:%Y年%m月%d日}）。")
    return day


@dataclass(frozen=True)
class PersonData:
    """A person concerned as the form or the API gives them."""

    name: str
    post: str
    level: str
    is_leadership: bool = False


@dataclass(frozen=True)
class LeadData:
    """What the team writes in a lead (the draft)."""

    source: str
    summary: str
    facts: str
    target: str
    receiving_jurisdiction_id: int | None
    receiver_name: str
    persons: list[PersonData]
    category_code: str = ""
    discipline_type: str = ""
    amount: Any = None
    proposed_disposal: str = ""
    petitioner_identity: str = ""
    origins: list[str] = field(default_factory=list)  # evidence references "<kind>:<id>"
    supports: list[str] = field(default_factory=list)


def receiving_jurisdictions(inspection: Inspection) -> list[Jurisdiction]:
    """Where a lead of ``inspection`` may be referred: the dispatching committee, its superiors (persons above the
    local management authority) and its subordinates (persons a county manages)."""
    path = inspection.jurisdiction.path
    ancestors = inspection.jurisdiction.ancestor_ids()
    return list(Jurisdiction.objects.filter(pk__in=ancestors) | Jurisdiction.objects.filter(path__startswith=path))


def _category(inspection: Inspection, code: str) -> FrameworkNode | None:
    if not code:
        return None
    framework_id = inspection.round.focus_framework_id
    node = (FrameworkNode.objects.in_tree_of(inspection.jurisdiction.path)
            .filter(framework_id=framework_id, code=code).first() if framework_id is not None else None)
    if node is None:
        raise _error("category", "问题分类不在本轮使用的监督重点框架中。")
    return node


def _persons(persons: list[PersonData]) -> list[PersonData]:
    if not persons:
        raise _error("persons", "请至少写明一名被反映人。")
    if len(persons) > MAX_PERSONS:
        raise _error("persons", f"被反映人不能超过 {MAX_PERSONS} 名，请分为几条线索。")
    cleaned = []
    for person in persons:
        if person.level not in CadreLevel.values:
            raise _error("persons", "请选择被反映人的职级。")
        cleaned.append(PersonData(_text(person.name, "persons", "被反映人姓名", 30),
                                  _text(person.post, "persons", "被反映人单位及职务", 100), person.level,
                                  bool(person.is_leadership)))
    return cleaned


def _refs(actor: Any, inspection: Inspection, texts: list[str], name: str) -> list[tuple[str, int]]:
    refs: list[tuple[str, int]] = []
    for text in texts:
        try:
            ref = evidence.parse_ref(text)
        except ValueError as exc:
            raise _error(name, str(exc)) from None
        if ref not in refs:
            refs.append(ref)
    if problems := evidence.check_refs(actor, refs, inspection_id=inspection.pk):
        raise _error(name, problems[0])
    return refs


def _validated(actor: Any, inspection: Inspection, data: LeadData) -> tuple[dict[str, Any], list[PersonData],
                                                                            list[tuple[str, int]],
                                                                            list[tuple[str, int]]]:
    if data.source not in LeadSource.values:
        raise _error("source", "请选择线索来源。")
    if data.target not in ReferralTarget.values:
        raise _error("target", "请选择移交对象（纪委监委、组织部或其他有关部门）。")
    if data.discipline_type and data.discipline_type not in DisciplineType.values:
        raise _error("discipline_type", "请选择涉嫌违反的纪律。")
    allowed = {j.pk: j for j in receiving_jurisdictions(inspection)}
    jurisdiction = allowed.get(data.receiving_jurisdiction_id or 0)
    if jurisdiction is None:
        raise _error("receiving_jurisdiction", "接收党委应为本巡察的派出党委、其上级或下级党委。")
    values = {
        "source": data.source,
        "summary": _text(data.summary, "summary", "线索摘要", 200),
        "facts": _text(data.facts, "facts", "主要问题", MAX_TEXT),
        "category": _category(inspection, data.category_code),
        "discipline_type": data.discipline_type,
        "amount": _amount(data.amount, "amount", "涉及金额"),
        "proposed_disposal": _text(data.proposed_disposal, "proposed_disposal", "处置建议", MAX_TEXT, required=False),
        "target": data.target,
        "receiving_jurisdiction": jurisdiction,
        "receiver_name": _text(data.receiver_name, "receiver_name", "接收单位", 100),
        "petitioner_identity": _text(data.petitioner_identity, "petitioner_identity", "反映人身份", 500,
                                     required=False),
    }
    persons = _persons(data.persons)
    origins = _refs(actor, inspection, data.origins, "origins")
    supports = [r for r in _refs(actor, inspection, data.supports, "supports") if r not in origins]
    return values, persons, origins, supports


def _store_parts(lead: Lead, persons: list[PersonData], origins: list[tuple[str, int]],
                 supports: list[tuple[str, int]]) -> None:
    lead.persons.all().delete()
    LeadPerson.objects.bulk_create([LeadPerson(lead=lead, name=p.name, post=p.post, level=p.level,
                                               is_leadership=p.is_leadership, order=i)
                                    for i, p in enumerate(persons)])
    lead.references.all().delete()
    LeadReference.objects.bulk_create(
        [LeadReference(lead=lead, role=ReferenceRole.ORIGIN, kind=k, object_id=pk) for k, pk in origins]
        + [LeadReference(lead=lead, role=ReferenceRole.SUPPORT, kind=k, object_id=pk) for k, pk in supports])


def _next_number(inspection: Inspection) -> str:
    count = Lead.objects.filter(inspection=inspection).count()
    while True:
        count += 1
        number = f"{inspection.code}-XS{count:02d}"
        if not Lead.objects.filter(inspection=inspection, number=number).exists():
            return number


@transaction.atomic
def lead_create(*, actor: User, inspection_id: int, data: LeadData) -> Lead:
    """The team drafts a lead (问题线索) of its inspection, from the stay until rectification closes."""
    inspection = access_inspection(actor, inspection_id, capability=Cap.DRAFT_LEADS, lock=True)
    if inspection.status not in DRAFTING_STATUSES:
        raise DomainError("进驻之后、整改完成之前才能起草问题线索。")
    values, persons, origins, supports = _validated(actor, inspection, data)
    if values["petitioner_identity"] and Cap.VIEW_CONFIDENTIAL not in inspection.capabilities_for(actor):
        raise _error("petitioner_identity", "反映人身份由组长、副组长填写。")
    lead = Lead.objects.create(inspection=inspection, number=_next_number(inspection), created_by=actor, **values)
    _store_parts(lead, persons, origins, supports)
    audit_record("lead.create", actor=actor, obj=lead, details={
        "target": lead.target, "persons": len(persons), "origins": [evidence.format_ref(*r) for r in origins],
        "supports": [evidence.format_ref(*r) for r in supports]})
    return lead


def _lead(actor: Any, lead_id: int, capability: Cap, denied: str = "") -> Lead:
    return access(Lead, actor, lead_id, capability=capability, denied=denied, lock=True,
                  queryset=Lead.objects.select_related("inspection__jurisdiction", "inspection__round",
                                                       "receiving_jurisdiction"))


@transaction.atomic
def lead_update(*, actor: User, lead_id: int, data: LeadData) -> Lead:
    """Change a draft (only a draft: once endorsed it is sent back to be changed). The petitioner's identity is
    kept as it was unless a holder of VIEW_CONFIDENTIAL writes it."""
    lead = _lead(actor, lead_id, Cap.DRAFT_LEADS, DRAFT_DENIED)
    if lead.status != LeadStatus.DRAFT:
        raise TransitionNotAllowed("只有草稿可以修改；已审核的线索须由巡察办主任退回后修改。")
    values, persons, origins, supports = _validated(actor, lead.inspection, data)
    if Cap.VIEW_CONFIDENTIAL not in capabilities(actor, lead):
        if values["petitioner_identity"]:
            raise _error("petitioner_identity", "反映人身份由组长、副组长填写。")
        values.pop("petitioner_identity")
    for name, value in values.items():
        setattr(lead, name, value)
    lead.save(update_fields=[*values, "updated_at"])
    _store_parts(lead, persons, origins, supports)
    audit_record("lead.update", actor=actor, obj=lead, details={"persons": len(persons)})
    return lead


@transaction.atomic
def lead_step(*, actor: User, lead_id: int, name: str, note: str = "") -> Lead:
    """One of the steps taken with a note alone: endorse (team leader), approve or send back (office director),
    send an outcome back or close (the office)."""
    if name not in PLAIN_STEPS:
        raise TransitionNotAllowed("未知的操作。")
    step = LEAD_WORKFLOW.get(name)
    lead = _lead(actor, lead_id, Cap(step.capability))
    LEAD_WORKFLOW.apply(lead, name, actor=actor, caps=capabilities(actor, lead), note=_text(
        note, "note", "理由", 2000, required=step.needs_note))
    return lead


@transaction.atomic
def lead_approve_identity(*, actor: User, lead_id: int, reason: str) -> Lead:
    """The office director approves that the petitioner's identity goes to the receiving body with the package
    (spec: no petitioner identity unless approved). Audited with the reason; undone when the lead is sent back."""
    lead = _lead(actor, lead_id, Cap.APPROVE_LEADS)
    if lead.status not in (LeadStatus.ENDORSED, LeadStatus.APPROVED):
        raise TransitionNotAllowed("组长审核之后、移交之前才能批准提供反映人身份。")
    if not lead.petitioner_identity:
        raise DomainError("该线索没有记录反映人身份。")
    lead.identity_approval_reason = _text(reason, "reason", "提供反映人身份的理由", 1000)
    lead.identity_approved_by, lead.identity_approved_at = actor, business_now()
    lead.save(update_fields=["identity_approval_reason", "identity_approved_by", "identity_approved_at",
                             "updated_at"])
    audit_record("lead.identity_approve", actor=actor, obj=lead, details={"reason": lead.identity_approval_reason})
    return lead


def _package(actor: Any, lead: Lead) -> dict[str, Any]:
    """What the receiving body needs, fixed at the transfer: the lead, its persons, its category, the proposal, and
    its material by kind, titled as the approving director saw it (titles that could name a source withheld); the
    petitioner's identity only if the office director approved it."""
    refs = list(lead.references.order_by("role", "id"))
    # The material as the office director who approved the transfer saw it (the clerk who sends the package may
    # not read a petition or a talk record; the director approved what goes out).
    reader = lead.approved_by or actor
    found = evidence.resolve(reader, [(r.kind, r.object_id) for r in refs], inspection_id=lead.inspection_id)
    material = []
    for ref in refs:
        item = found.get((ref.kind, ref.object_id))
        withheld = item is None or ref.kind in TITLE_WITHHELD_KINDS
        material.append({"role": str(ReferenceRole(ref.role).label), "kind": evidence.kind_label(ref.kind),
                         "title": "" if withheld or item is None else item.title,
                         "detail": item.detail if item is not None else ""})
    inspection = lead.inspection
    package: dict[str, Any] = {
        "referral_no": lead.referral_no, "transferred_on": lead.transferred_on.isoformat() if lead.transferred_on
        else "", "feedback_due_on": lead.feedback_due_on.isoformat() if lead.feedback_due_on else "",
        "from": f"{inspection.jurisdiction.committee_name}巡察工作领导小组办公室",
        "inspection": f"{inspection.round.name} {inspection.code}",
        "organizations": [str(t.organization) for t in inspection.targets.select_related("organization")],
        "team": str(inspection.team or ""),
        "number": lead.number, "source": lead.get_source_display(), "summary": lead.summary, "facts": lead.facts,
        "category": f"{lead.category.code} {lead.category.name}" if lead.category else "",
        "discipline_type": lead.get_discipline_type_display() if lead.discipline_type else "",
        "amount": str(lead.amount) if lead.amount is not None else "",
        "proposed_disposal": lead.proposed_disposal,
        "target": lead.get_target_display(), "receiver": lead.receiver_name,
        "receiving_jurisdiction": lead.receiving_jurisdiction.committee_name,
        "persons": [{"id": p.pk, "name": p.name, "post": p.post, "level": p.get_level_display(),
                     "is_leadership": p.is_leadership} for p in lead.persons.all()],
        "material": material,
    }
    if lead.identity_approved_by_id and lead.petitioner_identity:
        package["petitioner_identity"] = lead.petitioner_identity
        package["identity_approval"] = lead.identity_approval_reason
    return package


@transaction.atomic
def lead_transfer(*, actor: User, lead_id: int, transferred_on: datetime.date | None = None) -> Lead:
    """The office transfers (移交) an approved lead: the referral number from the dispatching jurisdiction's yearly
    referral series (xuncha.documents), the deadline for reporting back (its time limits, spec §1.4: 3 months by
    default), and the package, fixed from now on."""
    lead = _lead(actor, lead_id, Cap.TRANSFER_LEADS)
    if lead.status != LeadStatus.APPROVED:
        raise TransitionNotAllowed("只有经巡察办主任批准的线索可以移交。")
    approved_day = lead.approved_at.date() if lead.approved_at else None
    day = _day(transferred_on, "transferred_on", "移交日期", not_before=approved_day, before_label="批准日期")
    lead.transferred_on, lead.transferred_by = day, actor
    # The number of the dispatching jurisdiction's referral series (documents: 洛巡移〔2019〕3号), issued in this
    # transaction: if the transfer fails, the number is not used up.
    lead.referral_no = document_number_issue(actor=actor, jurisdiction=lead.inspection.jurisdiction,
                                             series=DocumentSeries.REFERRAL, year=day.year,
                                             purpose=f"问题线索移交：{lead.number}")
    lead.feedback_due_on = add_months(day, feedback_months(lead.inspection.jurisdiction))
    lead.package = json.dumps(_package(actor, lead), ensure_ascii=False)
    LEAD_WORKFLOW.apply(lead, "transfer", actor=actor, caps=capabilities(actor, lead),
                        extra_fields=["transferred_on", "transferred_by", "referral_no", "feedback_due_on", "package"],
                        details={"referral_no": lead.referral_no, "receiver": lead.receiver_name,
                                 "identity": "petitioner_identity" in lead.package_data(),
                                 "feedback_due_on": lead.feedback_due_on.isoformat()})
    return lead


@transaction.atomic
def lead_receive(*, actor: User, lead_id: int, received_on: datetime.date | None = None, note: str = "") -> Lead:
    """The receiving body acknowledges receipt (签收): who and when."""
    lead = _lead(actor, lead_id, Cap.HANDLE_REFERRED_LEADS, HANDLE_DENIED)
    if lead.status != LeadStatus.TRANSFERRED:
        raise TransitionNotAllowed("该线索已签收或尚未移交。")
    lead.received_on = _day(received_on, "received_on", "签收日期", not_before=lead.transferred_on,
                            before_label="移交日期")
    lead.received_by, lead.received_at = actor, business_now()
    LEAD_WORKFLOW.apply(lead, "receive", actor=actor, caps=capabilities(actor, lead),
                        note=_text(note, "note", "签收说明", 1000, required=False),
                        extra_fields=["received_on", "received_by", "received_at"])
    return lead


@transaction.atomic
def lead_dispose(*, actor: User, lead_id: int, disposal: str, note: str, disposal_on: datetime.date | None = None
                 ) -> Lead:
    """The receiving body records how it disposes of the lead (spec §6.3): 谈话函询, 初步核实, 暂存待查, 予以了结 or
    立案审查调查. From a received lead this starts the handling; while handling, it records a change (初核 → 立案)."""
    lead = _lead(actor, lead_id, Cap.HANDLE_REFERRED_LEADS, HANDLE_DENIED)
    if disposal not in Disposal.values:
        raise _error("disposal", "请选择处置方式。")
    if lead.status not in (LeadStatus.RECEIVED, LeadStatus.HANDLING):
        raise TransitionNotAllowed("签收之后、反馈结果之前才能确定处置方式。")
    old = lead.disposal
    lead.disposal = disposal
    lead.disposal_on = _day(disposal_on, "disposal_on", "处置日期", not_before=lead.received_on,
                            before_label="签收日期")
    lead.disposal_note = _text(note, "note", "处置情况", MAX_TEXT)
    fields = ["disposal", "disposal_on", "disposal_note"]
    details = {"disposal": disposal, **({"previous": old} if old else {})}
    if lead.status == LeadStatus.RECEIVED:
        LEAD_WORKFLOW.apply(lead, "dispose", actor=actor, caps=capabilities(actor, lead), extra_fields=fields,
                            details=details)
    else:
        lead.save(update_fields=[*fields, "updated_at"])
        audit_record("lead.disposal_change", actor=actor, obj=lead, details=details)
    return lead


@dataclass(frozen=True)
class OutcomeData:
    summary: str
    items: list[tuple[int | None, str, str]]  # (person id or None for the lead as a whole, OutcomeKind, note)
    recovered_amount: Any = None
    reported_on: datetime.date | None = None


@transaction.atomic
def lead_report_outcome(*, actor: User, lead_id: int, data: OutcomeData) -> Lead:
    """The receiving body reports the outcome back (办理结果反馈): what became of each person (sanctions by kind,
    organisational handling, prosecution, clearance) and money recovered."""
    lead = _lead(actor, lead_id, Cap.HANDLE_REFERRED_LEADS, HANDLE_DENIED)
    if lead.status != LeadStatus.HANDLING:
        raise TransitionNotAllowed("确定处置方式之后才能反馈办理结果。")
    persons = {p.pk: p for p in lead.persons.all()}
    items = []
    for person_id, kind, note in data.items:
        if kind not in OutcomeKind.values:
            raise _error("items", "请选择处理结果。")
        if person_id is not None and person_id not in persons:
            raise _error("items", "处理结果所指的被反映人不在本线索中。")
        items.append(LeadOutcomeItem(lead=lead, person=persons.get(person_id) if person_id else None, kind=kind,
                                     note=_text(note, "items", "处理结果说明", 200, required=False)))
    lead.outcome_summary = _text(data.summary, "summary", "办理结果", MAX_TEXT)
    lead.recovered_amount = _amount(data.recovered_amount, "recovered_amount", "挽回经济损失")
    lead.outcome_reported_on = _day(data.reported_on, "reported_on", "反馈日期",
                                    not_before=lead.disposal_on or lead.received_on, before_label="处置日期")
    lead.outcome_reported_by = actor
    lead.outcome_items.all().delete()
    LeadOutcomeItem.objects.bulk_create(items)
    LEAD_WORKFLOW.apply(lead, "report", actor=actor, caps=capabilities(actor, lead),
                        extra_fields=["outcome_summary", "recovered_amount", "outcome_reported_on",
                                      "outcome_reported_by"],
                        details={"items": [i.kind for i in items], "recovered": str(lead.recovered_amount or ""),
                                 "late": bool(lead.feedback_due_on
                                              and lead.outcome_reported_on > lead.feedback_due_on)})
    return lead
