"""API endpoints: findings (问题) of an inspection, with the same selectors, services and FilterSet as the pages.

An inspection outside the caller's scope is a 404; a visible one whose findings the caller's roles do not read is
a 403 (the liaison, the discipline commission, the organisation department); a finding outside the caller's grants
(another member's draft) is a 404 like a missing one. Reading a finding's evidence is audited.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from xuncha.accounts.roles import Cap
from xuncha.core.api import actor_of, attach
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.lists import api_filter, filter_schema
from xuncha.core.scoping import capabilities
from xuncha.findings import selectors, services
from xuncha.findings.filters import FindingFilter
from xuncha.findings.models import Finding
from xuncha.findings.schemas import (
    EvidenceKindOut,
    FindingBulkIn,
    FindingDetailOut,
    FindingIn,
    FindingOut,
    FindingStepIn,
)
from xuncha.findings.workflow import FINDING_WORKFLOW
from xuncha.inspections import evidence
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection

router = Router(tags=["问题与线索"])
FindingFilters = filter_schema(FindingFilter)
DENIED = "您的角色不能查看巡察发现的问题。"


def _inspection(request: HttpRequest, inspection_id: int, capability: Cap = Cap.VIEW_FINDINGS) -> Inspection:
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    if capability not in capabilities(actor, inspection):
        raise CapabilityMissing(DENIED)
    return inspection


def _data(payload: FindingIn) -> services.FindingData:
    refs = []
    for text in payload.evidence:
        try:
            refs.append(evidence.parse_ref(text))
        except ValueError as exc:
            raise services.FindingInvalid(str(exc), fields={"evidence": [str(exc)]}) from exc
    return services.FindingData(
        organization_id=payload.organization, category_id=payload.category, title=payload.title,
        description=payload.description, conduct_from=payload.conduct_from, conduct_to=payload.conduct_to,
        source=payload.source, people_involved=payload.people_involved, person_ids=payload.persons,
        amount=payload.amount, severity=payload.severity, discipline=payload.discipline or "",
        eight_rules_category_id=payload.eight_rules_category, person_level=payload.person_level,
        involves_leadership=payload.involves_leadership, involves_principal=payload.involves_principal,
        is_general=payload.is_general, basis_ids=payload.basis, basis_note=payload.basis_note, evidence=refs)


def _detail(request: HttpRequest, pk: int) -> Finding:
    actor = actor_of(request)
    finding = selectors.finding_get(actor=actor, pk=pk)
    citations = selectors.finding_evidence_read(actor=actor, finding=finding)
    return attach(finding, api_evidence=[{"ref": c.ref, "kind": c.kind, "label": c.label, "visible": c.visible,
                                          "title": c.title, "detail": c.detail, "url": c.url} for c in citations])


@router.get("/inspections/{inspection_id}/findings", response=paged(FindingOut), summary="问题清单")
def finding_list(request: HttpRequest, inspection_id: Id,
                 filters: Query[FindingFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The filters of the page 问题 (category, status, severity, organisation, drafter, text)."""
    inspection = _inspection(request, inspection_id)
    qs = selectors.finding_list(actor=actor_of(request), inspection=inspection)
    return paginate(api_filter(FindingFilter, filters, qs, actor_of(request)), filters)


@router.get("/inspections/{inspection_id}/findings/evidence-choices", response=list[EvidenceKindOut],
            summary="可引用的证据（按类型）")
def evidence_choices(request: HttpRequest, inspection_id: Id) -> list[dict[str, Any]]:
    """The records of the inspection the caller may cite, per kind (talk records only to their interviewers …)."""
    inspection = _inspection(request, inspection_id, Cap.RECORD_FINDINGS)
    return [{"kind": kind.key, "label": kind.label,
             "items": [{"ref": i.ref, "title": i.title, "detail": i.detail} for i in items]}
            for kind, items in evidence.citable(actor_of(request), inspection.pk)]


@router.post("/inspections/{inspection_id}/findings", response={201: FindingDetailOut}, summary="登记问题")
def finding_create(request: HttpRequest, inspection_id: Id, payload: FindingIn) -> Status:
    finding = services.finding_create(actor=actor_of(request), inspection_id=inspection_id, data=_data(payload))
    return Status(201, _detail(request, finding.pk))


@router.post("/inspections/{inspection_id}/findings/bulk", response={201: list[FindingOut]},
             summary="批量登记问题（全部保存或全部不保存）")
def finding_bulk(request: HttpRequest, inspection_id: Id, payload: FindingBulkIn) -> Status:
    rows = [(number, _data(row)) for number, row in enumerate(payload.rows, start=1)]
    created = services.findings_bulk_create(actor=actor_of(request), inspection_id=inspection_id, rows=rows)
    return Status(201, [selectors.finding_get(actor=actor_of(request), pk=f.pk) for f in created])


@router.get("/findings/{finding_id}", response=FindingDetailOut, summary="问题详情（含证据，查阅记入审计日志）")
def finding_detail(request: HttpRequest, finding_id: Id) -> Finding:
    return _detail(request, finding_id)


@router.put("/findings/{finding_id}", response=FindingDetailOut, summary="修改问题草稿")
def finding_update(request: HttpRequest, finding_id: Id, payload: FindingIn) -> Finding:
    services.finding_update(actor=actor_of(request), finding_id=finding_id, data=_data(payload))
    return _detail(request, finding_id)


@router.delete("/findings/{finding_id}", response={204: None}, summary="删除问题草稿")
def finding_delete(request: HttpRequest, finding_id: Id) -> Status:
    services.finding_delete(actor=actor_of(request), finding_id=finding_id)
    return Status(204, None)


@router.post("/findings/{finding_id}/transitions/{step}", response=FindingOut, summary="问题审批")
def finding_transition(request: HttpRequest, finding_id: Id, step: str, payload: FindingStepIn) -> Finding:
    """``step``: submit, review, confirm, send_back (with a reason), adopt (with the team meeting's date and
    minutes reference); include_in_report, feed_back and start_rectification belong to the report, feedback and
    rectification features and are refused until their stage."""
    if step not in FINDING_WORKFLOW.transitions:
        raise Http404("操作不存在。")
    services.finding_apply_transition(actor=actor_of(request), finding_id=finding_id, transition=step,
                                      note=payload.note, on=payload.on, meeting_reference=payload.meeting_reference)
    return selectors.finding_get(actor=actor_of(request), pk=finding_id)
