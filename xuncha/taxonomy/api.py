from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.taxonomy import selectors
from xuncha.taxonomy.models import Framework
from xuncha.taxonomy.schemas import FrameworkCode, FrameworkDetailOut, FrameworkFilters, FrameworkOut

router = Router(tags=["分类体系"])


@router.get("/frameworks", response=paged(FrameworkOut), summary="分类体系版本列表")
def framework_list(request: HttpRequest, filters: Query[FrameworkFilters]) -> dict[str, Any]:
    """Reference dictionaries, open to every role but the security auditor."""
    qs = selectors.framework_list(actor=actor_of(request), kind=filters.kind, valid_on=filters.valid_on)
    return paginate(qs, filters)


@router.get("/frameworks/{code}", response=FrameworkDetailOut, summary="分类体系版本详情（含条目树）")
def framework_detail(request: HttpRequest, code: FrameworkCode) -> Framework:
    return selectors.framework_get(actor=actor_of(request), code=code)
