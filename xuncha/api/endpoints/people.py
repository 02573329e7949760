from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.api import selectors, services
from xuncha.api.endpoints import actor_of
from xuncha.api.pagination import paged, paginate
from xuncha.api.schemas import Id, PersonDetailOut, PersonFilters, PersonOut
from xuncha.orgs.models import Person

router = Router(tags=["干部"])


@router.get("/people", response=paged(PersonOut), summary="干部列表")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    qs = selectors.person_list(actor=actor_of(request), q=filters.q, organization=filters.organization)
    return paginate(qs, filters)


@router.get("/people/{person_id}", response=PersonDetailOut, summary="干部详情（查阅记入审计日志）")
def person_detail(request: HttpRequest, person_id: Id) -> Person:
    """Work history and declared relatives; every read is written to the audit log as ``person.read``."""
    return services.person_read(actor=actor_of(request), pk=person_id)
