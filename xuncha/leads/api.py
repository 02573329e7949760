"""Leads (问题线索) referred to the discipline commission, the organisation department or another body: the
referral, the receiving body's receipt, its handling and the outcome reported back within deadlines.

The endpoints call the pages' services and filter with the pages' FilterSet; every read of a lead is audited, and
a lead out of the caller's scope answers 404 like a missing one."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.audit.services import audit_record
from xuncha.core.api import actor_of, attach
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter, filter_schema
from xuncha.leads import selectors, services
from xuncha.leads.filters import LeadFilter
from xuncha.leads.models import Lead
from xuncha.leads.schemas import (
    DisposalIn,
    IdentityIn,
    LeadDetailOut,
    LeadIn,
    LeadOut,
    NoteIn,
    OutcomeIn,
    ReceiptIn,
    TransferIn,
)

router = Router(tags=["问题线索"])
LeadFilters = filter_schema(LeadFilter)


@router.get("/leads", response=paged(LeadOut), summary="问题线索列表")
def lead_list(request: HttpRequest, filters: Query[LeadFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The leads the caller may see (the team's, the office's, those referred to the caller's body), filtered as
    the pages filter them (``inspection``, ``status``, ``target``, ``due``, ``q``)."""
    actor = actor_of(request)
    page = paginate(api_filter(LeadFilter, filters, selectors.lead_list(actor=actor), actor), filters)
    audit_record("lead.list", actor=actor, object_type="leads.lead",
                 details={"filters": filters.model_dump(exclude_none=True, mode="json")})  # type: ignore[attr-defined]
    return page


def _detail(actor: Any, lead_id: int) -> Lead:
    record = selectors.lead_detail(actor=actor, lead_id=lead_id)
    lead = record.lead
    drafting = record.drafting_side
    identity = lead.petitioner_identity if record.identity_visible and drafting and lead.petitioner_identity else None
    return attach(
        lead, draft_facts=lead.facts if drafting else None,
        draft_disposal=lead.proposed_disposal if drafting else None,
        category_label=(f"{lead.category.code} {lead.category.name}" if lead.category else None) if drafting else None,
        person_list=record.persons if drafting else [], origins=record.origins, supports=record.supports,
        petitioner_identity=identity, identity_approved=lead.identity_approved_by_id is not None,
        referral_package=record.package or None,
        received_by_name=str(lead.received_by) if lead.received_by else None,
        outcome=record.outcome, due_state=record.due_state,
        transitions=[t.name for t in record.transitions if not t.blockers])


@router.get("/leads/{lead_id}", response=LeadDetailOut, summary="问题线索详情")
def lead_detail(request: HttpRequest, lead_id: Id) -> Lead:
    """One lead as the caller may see it (audited)."""
    return _detail(actor_of(request), lead_id)


def _data(payload: LeadIn) -> services.LeadData:
    d = payload.dict()
    persons = [services.PersonData(**p) for p in d.pop("persons")]
    return services.LeadData(persons=persons, category_code=d.pop("category"), **d)


@router.post("/inspections/{inspection_id}/leads", response={201: LeadDetailOut}, summary="起草问题线索")
def lead_create(request: HttpRequest, inspection_id: Id, payload: LeadIn) -> tuple[int, Lead]:
    """The team drafts a lead (DRAFT_LEADS over the inspection)."""
    actor = actor_of(request)
    lead = services.lead_create(actor=actor, inspection_id=inspection_id, data=_data(payload))
    return 201, _detail(actor, lead.pk)


@router.put("/leads/{lead_id}", response=LeadDetailOut, summary="修改问题线索草稿")
def lead_update(request: HttpRequest, lead_id: Id, payload: LeadIn) -> Lead:
    actor = actor_of(request)
    services.lead_update(actor=actor, lead_id=lead_id, data=_data(payload))
    return _detail(actor, lead_id)


@router.post("/leads/{lead_id}/transitions/{name}", response=LeadDetailOut, summary="审核、批准、退回、销号")
def lead_transition(request: HttpRequest, lead_id: Id, name: str, payload: NoteIn) -> Lead:
    """``endorse`` (team leader), ``approve`` / ``send_back`` (office director), ``reopen`` / ``close`` (the
    office); ``send_back`` and ``reopen`` need a ``note``."""
    actor = actor_of(request)
    services.lead_step(actor=actor, lead_id=lead_id, name=name, note=payload.note)
    return _detail(actor, lead_id)


@router.post("/leads/{lead_id}/identity-approval", response=LeadDetailOut, summary="批准提供反映人身份")
def lead_identity(request: HttpRequest, lead_id: Id, payload: IdentityIn) -> Lead:
    actor = actor_of(request)
    services.lead_approve_identity(actor=actor, lead_id=lead_id, reason=payload.reason)
    return _detail(actor, lead_id)


@router.post("/leads/{lead_id}/transfer", response=LeadDetailOut, summary="移交")
def lead_transfer(request: HttpRequest, lead_id: Id, payload: TransferIn) -> Lead:
    """The office transfers an approved lead: referral number, deadline, fixed package."""
    actor = actor_of(request)
    services.lead_transfer(actor=actor, lead_id=lead_id, transferred_on=payload.transferred_on)
    return _detail(actor, lead_id)


@router.post("/leads/{lead_id}/receipt", response=LeadDetailOut, summary="签收")
def lead_receipt(request: HttpRequest, lead_id: Id, payload: ReceiptIn) -> Lead:
    actor = actor_of(request)
    services.lead_receive(actor=actor, lead_id=lead_id, received_on=payload.received_on, note=payload.note)
    return _detail(actor, lead_id)


@router.post("/leads/{lead_id}/disposal", response=LeadDetailOut, summary="处置方式")
def lead_disposal(request: HttpRequest, lead_id: Id, payload: DisposalIn) -> Lead:
    actor = actor_of(request)
    services.lead_dispose(actor=actor, lead_id=lead_id, disposal=payload.disposal, note=payload.note,
                          disposal_on=payload.disposal_on)
    return _detail(actor, lead_id)


@router.post("/leads/{lead_id}/outcome", response=LeadDetailOut, summary="反馈办理结果")
def lead_outcome(request: HttpRequest, lead_id: Id, payload: OutcomeIn) -> Lead:
    actor = actor_of(request)
    services.lead_report_outcome(actor=actor, lead_id=lead_id, data=services.OutcomeData(
        summary=payload.summary, items=[(i.person_id, i.kind, i.note) for i in payload.items],
        recovered_amount=payload.recovered_amount, reported_on=payload.reported_on))
    return _detail(actor, lead_id)
