from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.lists import api_filter, filter_schema
from xuncha.taxonomy import selectors
from xuncha.taxonomy.filters import ArticleFilter, WordingFilter
from xuncha.taxonomy.models import Framework, Regulation
from xuncha.taxonomy.schemas import (
    ArticleOut,
    FrameworkCode,
    FrameworkDetailOut,
    FrameworkFilters,
    FrameworkOut,
    RegulationDetailOut,
    RegulationOut,
    WordingOut,
)

router = Router(tags=["分类体系"])
ArticleFilters = filter_schema(ArticleFilter)
WordingFilters = filter_schema(WordingFilter)


@router.get("/frameworks", response=paged(FrameworkOut), summary="分类体系版本列表")
def framework_list(request: HttpRequest, filters: Query[FrameworkFilters]) -> dict[str, Any]:
    """Reference dictionaries, open to every role but the security auditor."""
    qs = selectors.framework_list(actor=actor_of(request), kind=filters.kind, valid_on=filters.valid_on)
    return paginate(qs, filters)


@router.get("/frameworks/{code}", response=FrameworkDetailOut, summary="分类体系版本详情（含条目树和典型问题）")
def framework_detail(request: HttpRequest, code: FrameworkCode) -> Framework:
    return selectors.framework_get(actor=actor_of(request), code=code)


@router.get("/regulations", response=list[RegulationOut], summary="定性依据库：党内法规版本")
def regulation_list(request: HttpRequest) -> list[Regulation]:
    """Every version of every regulation with its validity (a finding cites the one in force at the conduct)."""
    return list(selectors.regulation_list(actor=actor_of(request)))


@router.get("/regulations/{code}", response=RegulationDetailOut, summary="党内法规版本详情（含条款）")
def regulation_detail(request: HttpRequest, code: FrameworkCode) -> Regulation:
    return selectors.regulation_get(actor=actor_of(request), code=code)


@router.get("/articles", response=paged(ArticleOut), summary="定性依据库：条款（可按行为发生日筛选）")
def article_list(request: HttpRequest, filters: Query[ArticleFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The filters of the page 定性依据库; ``in_force_on`` keeps the articles of the versions in force that day."""
    actor = actor_of(request)
    qs = api_filter(ArticleFilter, filters, selectors.article_list(actor=actor), actor)
    return paginate(qs, filters)


@router.get("/wordings", response=paged(WordingOut), summary="定性用语库")
def wording_list(request: HttpRequest, filters: Query[WordingFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    actor = actor_of(request)
    return paginate(api_filter(WordingFilter, filters, selectors.wording_list(actor=actor), actor), filters)
