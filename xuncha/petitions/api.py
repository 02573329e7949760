"""API endpoints: petitions (信访) as the team handles them; the public pages are not part of the API.

The endpoints call the same services as the pages and filter with the same FilterSet; every read of a petition
is audited, and out of scope answers 404 like a missing one."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.core.api import actor_of, attach
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter, filter_schema
from xuncha.petitions import selectors, services
from xuncha.petitions.filters import PetitionFilter
from xuncha.petitions.models import Petition
from xuncha.petitions.schemas import (
    MergeIn,
    MessageIn,
    MessageOut,
    NoteIn,
    PetitionCreatedOut,
    PetitionDetailOut,
    PetitionIn,
    PetitionOut,
    ReferIn,
    TriageIn,
)
from xuncha.petitions.workflow import PETITION_WORKFLOW

router = Router(tags=["信访受理"])
PetitionFilters = filter_schema(PetitionFilter)


@router.get("/inspections/{inspection_id}/petitions", response=paged(PetitionOut), summary="信访件列表")
def petition_list(request: HttpRequest, inspection_id: Id, filters: Query[PetitionFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The inspection's petitions (team-confidential: the team and the office director; 404 for others)."""
    actor = actor_of(request)
    inspection = selectors.inspection_for_petitions(actor, inspection_id)
    qs = api_filter(PetitionFilter, filters, selectors.petition_list(actor=actor, inspection=inspection), actor)
    return paginate(qs, filters)


def _detail(actor: Any, petition_id: int) -> Petition:
    record = selectors.petition_detail(actor=actor, petition_id=petition_id)
    p = record.petition
    identity = ({"name": p.petitioner_name, "contact": p.petitioner_contact, "unit": p.petitioner_unit,
                 "kind": p.petitioner_kind} if record.identity_visible else None)
    transfer = getattr(p, "transfer", None) if p.status == "referred" else None
    return attach(p, identity=identity, thread=record.messages, transfer_record=transfer,
                  duplicate_candidates=[d.pk for d, _ in record.duplicates],
                  transitions=[t.name for t in PETITION_WORKFLOW.available(p, record.caps) if not t.blockers])


@router.get("/petitions/{petition_id}", response=PetitionDetailOut, summary="信访件详情")
def petition_detail(request: HttpRequest, petition_id: Id) -> Petition:
    """One petition with its messages; the petitioner's identity only for VIEW_CONFIDENTIAL. Audited."""
    return _detail(actor_of(request), petition_id)


@router.post("/inspections/{inspection_id}/petitions", response={201: PetitionCreatedOut}, summary="登记信访件")
def petition_register(request: HttpRequest, inspection_id: Id, payload: PetitionIn) -> tuple[int, Petition]:
    """Register a petition received by letter, phone, visit, post box, e-mail or from the petition bureau
    (numbered by the office's rule). With ``issue_receipt`` the answer carries the receipt code, once."""
    data = payload.dict()
    petition, code = services.petition_register(
        actor=actor_of(request), inspection_id=inspection_id, channel=data.pop("channel"),
        received_on=data.pop("received_on"), issue_receipt=data.pop("issue_receipt"),
        text=services.PetitionText(**data))
    return 201, attach(petition, receipt_code=code)


@router.post("/petitions/{petition_id}/triage", response=PetitionDetailOut, summary="研判")
def petition_triage(request: HttpRequest, petition_id: Id, payload: TriageIn) -> Petition:
    actor = actor_of(request)
    services.petition_triage(actor=actor, petition_id=petition_id, category_code=payload.category,
                             priority=payload.priority, in_scope=payload.in_scope)
    return _detail(actor, petition_id)


@router.post("/petitions/{petition_id}/answer", response=PetitionDetailOut, summary="答复办结")
def petition_answer(request: HttpRequest, petition_id: Id, payload: NoteIn) -> Petition:
    actor = actor_of(request)
    services.petition_answer(actor=actor, petition_id=petition_id, reply=payload.note)
    return _detail(actor, petition_id)


@router.post("/petitions/{petition_id}/refer", response=PetitionDetailOut, summary="转办")
def petition_refer(request: HttpRequest, petition_id: Id, payload: ReferIn) -> Petition:
    actor = actor_of(request)
    services.petition_refer(actor=actor, petition_id=petition_id, target=payload.target, receiver=payload.receiver,
                            reason=payload.reason, transferred_on=payload.transferred_on,
                            reference_no=payload.reference_no)
    return _detail(actor, petition_id)


@router.post("/petitions/{petition_id}/keep-for-report", response=PetitionDetailOut, summary="纳入巡察报告")
def petition_keep(request: HttpRequest, petition_id: Id, payload: NoteIn) -> Petition:
    actor = actor_of(request)
    services.petition_keep_for_report(actor=actor, petition_id=petition_id, note=payload.note)
    return _detail(actor, petition_id)


@router.post("/petitions/{petition_id}/merge", response=PetitionDetailOut, summary="合并重复件")
def petition_merge(request: HttpRequest, petition_id: Id, payload: MergeIn) -> Petition:
    actor = actor_of(request)
    services.petition_merge(actor=actor, petition_id=petition_id, original_id=payload.original_id, note=payload.note)
    return _detail(actor, petition_id)


@router.post("/petitions/{petition_id}/messages", response={201: MessageOut}, summary="回复反映人")
def petition_message(request: HttpRequest, petition_id: Id, payload: MessageIn) -> tuple[int, Any]:
    """A message to the petitioner, read through their receipt code (needs one)."""
    return 201, services.team_message(actor=actor_of(request), petition_id=petition_id, body=payload.body)



