"""API of jurisdictions, Party organisations and cadres (every read of a cadre record is audited)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter
from xuncha.orgs import selectors, services
from xuncha.orgs.filters import JurisdictionFilter, OrganizationFilter, PersonFilter
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.orgs.schemas import (
    JurisdictionFilters,
    JurisdictionOut,
    OrganizationDetailOut,
    OrganizationFilters,
    OrganizationOut,
    PersonDetailOut,
    PersonFilters,
    PersonOut,
)

router = Router(tags=["党委、党组织与干部"])


@router.get("/jurisdictions", response=paged(JurisdictionOut), summary="党委列表")
def jurisdiction_list(request: HttpRequest, filters: Query[JurisdictionFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    actor = actor_of(request)
    return paginate(api_filter(JurisdictionFilter, filters, selectors.jurisdiction_list(actor=actor), actor), filters)


@router.get("/jurisdictions/{jurisdiction_id}", response=JurisdictionOut, summary="党委详情")
def jurisdiction_detail(request: HttpRequest, jurisdiction_id: Id) -> Jurisdiction:
    return selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)


@router.get("/organizations", response=paged(OrganizationOut), summary="党组织列表")
def organization_list(request: HttpRequest, filters: Query[OrganizationFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    actor = actor_of(request)
    return paginate(api_filter(OrganizationFilter, filters, selectors.organization_list(actor=actor), actor), filters)


@router.get("/organizations/{organization_id}", response=OrganizationDetailOut, summary="党组织详情")
def organization_detail(request: HttpRequest, organization_id: Id) -> Organization:
    return selectors.organization_get(actor=actor_of(request), pk=organization_id)


@router.get("/people", response=paged(PersonOut), summary="干部列表")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    actor = actor_of(request)
    return paginate(api_filter(PersonFilter, filters, selectors.person_list(actor=actor), actor), filters)


@router.get("/people/{person_id}", response=PersonDetailOut, summary="干部详情（查阅记入审计日志）")
def person_detail(request: HttpRequest, person_id: Id) -> Person:
    """Work history and declared relatives; every read is written to the audit log as ``person.read``."""
    return services.person_read(actor=actor_of(request), pk=person_id)
