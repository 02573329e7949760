"""Reads of leads: the lists (the inspection's tab, the receiving body's and the office's list), one lead with what
its reader may see (audited), the figures of a stay, the guard of the inspection's rectification step and the
to-dos of the referral loop (derived, ADR-0016)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse

from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.models import StatusChange
from xuncha.core.scoping import access, capabilities
from xuncha.core.workflow import AvailableTransition
from xuncha.inspections import evidence
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import StayFigure
from xuncha.leads.deadlines import due_state
from xuncha.leads.models import Lead, LeadOutcomeItem, LeadPerson, ReferenceRole
from xuncha.leads.states import (
    APPROVED_OR_LATER,
    AWAITING_OUTCOME,
    OUTCOME_GROUP,
    SOON_DAYS,
    DueState,
    LeadStatus,
    OutcomeGroup,
)
from xuncha.leads.workflow import LEAD_WORKFLOW, PLAIN_STEPS

VIEW_DENIED = "问题线索仅本巡察组组长、副组长，巡察办和接收单位可以查看。"
S = LeadStatus


def lead_list(*, actor: Any, inspection: Inspection | None = None) -> models.QuerySet[Lead]:
    """The leads ``actor`` may see (of one inspection, or all), newest first, with what the table shows."""
    qs = Lead.objects.visible_to(actor)
    if inspection is not None:
        qs = qs.filter(inspection=inspection)
    return qs.select_related("inspection", "receiving_jurisdiction").order_by("-created_at", "-id")


def inspection_for_leads(actor: Any, inspection_id: Any) -> Inspection:
    """The inspection whose leads tab ``actor`` opens (404 out of scope; 403 for a role without leads there)."""
    return access(Inspection, actor, inspection_id, capability=Cap.VIEW_LEADS, denied=VIEW_DENIED,
                  queryset=Inspection.objects.with_related())


@dataclass(frozen=True)
class OutcomeLine:
    person: str
    kind: str
    group: str
    note: str


@dataclass(frozen=True)
class LeadRecord:
    """One lead as its reader sees it: the drafting side (persons, live citations) for the team and the office, the
    fixed package for everyone once transferred, the petitioner's identity only for VIEW_CONFIDENTIAL."""

    lead: Lead
    caps: frozenset[str]
    persons: list[LeadPerson]
    origins: list[evidence.Citation]
    supports: list[evidence.Citation]
    package: dict[str, Any]
    identity_visible: bool
    outcome: list[OutcomeLine]
    history: list[StatusChange]
    transitions: list[AvailableTransition]
    due_state: str | None
    drafting_side: bool  # the team or the office of the dispatching jurisdiction (not only the receiving body)

    @property
    def due_label(self) -> str:
        return str(DueState(self.due_state).label) if self.due_state else ""


def _outcome(lead: Lead, persons: dict[int, LeadPerson]) -> list[OutcomeLine]:
    lines = []
    for item in LeadOutcomeItem.objects.filter(lead=lead).order_by("id"):
        person = persons.get(item.person_id) if item.person_id else None
        lines.append(OutcomeLine(person.name if person else "", item.get_kind_display(),
                                 str(OutcomeGroup(OUTCOME_GROUP[item.kind]).label), item.note))
    return lines


def lead_detail(*, actor: Any, lead_id: Any) -> LeadRecord:
    """One lead with its persons, citations, package, outcome and history; every read is audited (with whether the
    petitioner's identity was shown)."""
    lead = access(Lead, actor, lead_id, capability=Cap.VIEW_LEADS, denied=VIEW_DENIED,
                  queryset=Lead.objects.select_related(
                      "inspection__jurisdiction", "inspection__round", "inspection__team", "receiving_jurisdiction",
                      "category", "created_by", "endorsed_by", "approved_by", "transferred_by", "received_by",
                      "outcome_reported_by", "identity_approved_by"))
    caps = capabilities(actor, lead)
    drafting_side = bool(caps & {Cap.DRAFT_LEADS, Cap.TRANSFER_LEADS})
    persons = list(lead.persons.all())
    refs = list(lead.references.order_by("id"))
    # The receiving body reads the fixed package; the live citations are for the team and the office.
    cited = evidence.citations(actor, [(r.kind, r.object_id) for r in refs]) if drafting_side else []
    roles = [r.role for r in refs] if drafting_side else []
    package = lead.package_data()
    identity = Cap.VIEW_CONFIDENTIAL in caps and bool(lead.petitioner_identity)
    identity = identity or "petitioner_identity" in package
    audit_record("lead.read", actor=actor, obj=lead, details={"identity": identity, "status": lead.status})
    transitions = [t for t in LEAD_WORKFLOW.available(lead, caps) if t.name in PLAIN_STEPS]
    return LeadRecord(
        lead, caps, persons,
        [c for c, role in zip(cited, roles, strict=True) if role == ReferenceRole.ORIGIN],
        [c for c, role in zip(cited, roles, strict=True) if role == ReferenceRole.SUPPORT],
        package, identity, _outcome(lead, {p.pk: p for p in persons}), list(StatusChange.for_object(lead)),
        transitions, due_state(lead.status, lead.feedback_due_on, business_today()), drafting_side)


def status_counts(inspection: Inspection) -> dict[str, int]:
    rows = Lead.objects.filter(inspection_id=inspection.pk).values("status").annotate(n=models.Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Leads drafted and where they stand (counts only: a lead's content is never a figure)."""
    counts = status_counts(inspection)
    total = sum(counts.values())
    if not total:
        return [StayFigure("问题线索", 0, "尚未起草")]
    drafts = counts.get(S.DRAFT, 0) + counts.get(S.ENDORSED, 0)
    handed = sum(counts.get(s, 0) for s in (S.TRANSFERRED, S.RECEIVED, S.HANDLING, S.REPORTED, S.CLOSED))
    return [StayFigure("问题线索", total, f"待审批 {drafts} 条，已批准待移交 {counts.get(S.APPROVED, 0)} 条，"
                                        f"已移交 {handed} 条")]


def leads_handed_over(inspection: Any) -> str | None:
    """已批准的问题线索均已移交并经接收单位签收。"""
    pending = list(Lead.objects.filter(inspection_id=inspection.pk, status__in=[S.APPROVED, S.TRANSFERRED])
                   .order_by("number").values_list("number", "status"))
    if not pending:
        return None
    untransferred = [n for n, s in pending if s == S.APPROVED]
    unreceived = [n for n, s in pending if s == S.TRANSFERRED]
    parts = []
    if untransferred:
        parts.append(f"尚未移交：{'、'.join(untransferred[:5])}")
    if unreceived:
        parts.append(f"接收单位尚未签收：{'、'.join(unreceived[:5])}")
    return f"还有 {len(pending)} 条已批准的问题线索未完成移交（{'；'.join(parts)}）。"


def approved_count(inspection: Inspection) -> int:
    return Lead.objects.filter(inspection_id=inspection.pk, status__in=sorted(APPROVED_OR_LATER)).count()


# ---- To-dos (ADR-0016: derived from the workflow, one query) ------------------------------------------------------


@dataclass(frozen=True)
class LeadTodo:
    """One step of the referral loop that waits for the user; ``due`` and ``escalated`` for a late outcome."""

    kind: str
    title: str
    detail: str
    url: str
    lead_id: int
    due: datetime.date | None
    escalated: bool = False


TODO_KINDS = {
    "lead_endorse": "审核问题线索",
    "lead_approve": "审批问题线索移交",
    "lead_transfer": "移交问题线索",
    "lead_receive": "签收问题线索",
    "lead_outcome": "反馈线索办理结果",
    "lead_overdue": "线索办理结果逾期未反馈",
    "lead_close": "线索销号",
}


def _waiting(lead: Lead, caps: frozenset[str], today: datetime.date) -> LeadTodo | None:
    title = f"{lead.number} {lead.summary}"
    url = reverse("leads:lead-detail", args=[lead.pk])
    due = lead.feedback_due_on
    late = due is not None and lead.status in AWAITING_OUTCOME and due < today
    soon = due is not None and lead.status in AWAITING_OUTCOME and (due - today).days <= SOON_DAYS
    if lead.status == S.DRAFT and Cap.ENDORSE_LEADS in caps:
        return LeadTodo("lead_endorse", title, "线索已起草，待组长审核。", url, lead.pk, None)
    if lead.status == S.ENDORSED and Cap.APPROVE_LEADS in caps:
        return LeadTodo("lead_approve", title, "组长已审核，待巡察办主任批准移交。", url, lead.pk, None)
    if lead.status == S.APPROVED and Cap.TRANSFER_LEADS in caps:
        return LeadTodo("lead_transfer", title, f"已批准，待移交{lead.receiver_name}。", url, lead.pk, None)
    if lead.status == S.REPORTED and Cap.TRANSFER_LEADS in caps:
        return LeadTodo("lead_close", title, f"{lead.receiver_name}已反馈办理结果，待销号。", url, lead.pk, None)
    if lead.status in AWAITING_OUTCOME and Cap.HANDLE_REFERRED_LEADS in caps:
        if lead.status == S.TRANSFERRED:
            return LeadTodo("lead_receive", title, f"{lead.referral_no}，{lead.transferred_on:%Y年%m月%d日}移交，"
                                                   "请签收。", url, lead.pk, due, late)
        if late or soon:
            return LeadTodo("lead_overdue" if late else "lead_outcome", title,
                            f"{lead.referral_no}，办理结果应于{due:%Y年%m月%d日}前反馈。", url, lead.pk, due, late)
        return None
    if late and Cap.TRANSFER_LEADS in caps:
        # Escalated to the office: the receiving body is late reporting back.
        return LeadTodo("lead_overdue", title, f"{lead.referral_no}移交{lead.receiver_name}，办理结果应于"
                                               f"{due:%Y年%m月%d日}前反馈，已逾期，请督办。", url, lead.pk, due, True)
    return None


def lead_todos(*, actor: Any, today: datetime.date | None = None) -> list[LeadTodo]:
    """What waits for ``actor`` in the referral loop, from one query over the leads they see (capabilities are
    computed from the joined rows, without a query per lead)."""
    today = today or business_today()
    leads = (Lead.objects.visible_to(actor).exclude(status=S.CLOSED)
             .select_related("inspection__jurisdiction", "receiving_jurisdiction").order_by("feedback_due_on", "pk"))
    todos = []
    for lead in leads:
        todo = _waiting(lead, lead.capabilities_for(actor), today)
        if todo is not None:
            todos.append(todo)
    return todos


def overdue_count(*, actor: Any, today: datetime.date | None = None) -> int:
    """Handed-over leads ``actor`` sees whose outcome is late."""
    today = today or business_today()
    return Lead.objects.visible_to(actor).awaiting_outcome().filter(feedback_due_on__lt=today).count()
