from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.api import selectors, services
from xuncha.api.endpoints import actor_of
from xuncha.api.pagination import paged, paginate
from xuncha.api.schemas import (
    Id,
    JurisdictionFilters,
    JurisdictionOut,
    OrganizationDetailOut,
    OrganizationFilters,
    OrganizationOut,
    TimeLimitsIn,
    TimeLimitsOut,
)
from xuncha.orgs.models import Jurisdiction, Organization

router = Router(tags=["党委与党组织"])


@router.get("/jurisdictions", response=paged(JurisdictionOut), summary="党委列表")
def jurisdiction_list(request: HttpRequest, filters: Query[JurisdictionFilters]) -> dict[str, Any]:
    qs = selectors.jurisdiction_list(actor=actor_of(request), q=filters.q, parent=filters.parent)
    return paginate(qs, filters)


@router.get("/jurisdictions/{jurisdiction_id}", response=JurisdictionOut, summary="党委详情")
def jurisdiction_detail(request: HttpRequest, jurisdiction_id: Id) -> Jurisdiction:
    return selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)


@router.get("/jurisdictions/{jurisdiction_id}/time-limits", response=TimeLimitsOut, summary="期限参数（含继承）")
def time_limits_detail(request: HttpRequest, jurisdiction_id: Id) -> dict[str, Any]:
    """The limits in force: the jurisdiction's own, else the nearest superior's, else the defaults."""
    jurisdiction = selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)
    return TimeLimitsOut.data(selectors.time_limits_effective(jurisdiction))


@router.put("/jurisdictions/{jurisdiction_id}/time-limits", response=TimeLimitsOut, summary="设置期限参数")
def time_limits_update(request: HttpRequest, jurisdiction_id: Id, payload: TimeLimitsIn) -> dict[str, Any]:
    """Only the system administrator of this jurisdiction or one above it. Fields left out keep the value
    in force, so the first write gives the jurisdiction its own limits. Audited as ``config.time_limits``."""
    actor = actor_of(request)
    jurisdiction = selectors.jurisdiction_get(actor=actor, pk=jurisdiction_id)
    services.time_limits_set(actor=actor, jurisdiction=jurisdiction,
                             values=payload.model_dump(exclude_none=True))
    return TimeLimitsOut.data(selectors.time_limits_effective(jurisdiction))


@router.get("/organizations", response=paged(OrganizationOut), summary="党组织列表")
def organization_list(request: HttpRequest, filters: Query[OrganizationFilters]) -> dict[str, Any]:
    qs = selectors.organization_list(
        actor=actor_of(request), q=filters.q, jurisdiction=filters.jurisdiction, parent=filters.parent,
        sector=filters.sector, org_type=filters.org_type)
    return paginate(qs, filters)


@router.get("/organizations/{organization_id}", response=OrganizationDetailOut, summary="党组织详情")
def organization_detail(request: HttpRequest, organization_id: Id) -> Organization:
    return selectors.organization_get(actor=actor_of(request), pk=organization_id)
