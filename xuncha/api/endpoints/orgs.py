from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from xuncha.api import selectors, services
from xuncha.api.endpoints import actor_of
from xuncha.api.pagination import paged, paginate
from xuncha.api.schemas import (
    Id,
    InputSchema,
    JurisdictionFilters,
    JurisdictionOut,
    OrganizationDetailOut,
    OrganizationFilters,
    OrganizationOut,
    TimeLimitsIn,
    TimeLimitsOut,
)
from xuncha.orgs.models import Jurisdiction, Organization, Rank
from xuncha.planning.models import PlanningPolicy, RecusalPolicy, RecusalRule, RecusalSeverity
from xuncha.planning.policies import POLICY_FIELDS, planning_rules_save
from xuncha.pool.models import Skill

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


class PlanningRulesIn(InputSchema):
    """Fields left out keep the rule in force (the jurisdiction's own, an ancestor's or the default)."""

    team_size_min: int | None = Field(None, ge=2, le=20, description="巡察组最少人数")
    team_size_max: int | None = Field(None, ge=2, le=30, description="巡察组最多人数")
    deputies_max: int | None = Field(None, ge=0, le=5, description="副组长最多人数")
    leader_min_rank: Rank | None = Field(None, description="组长最低职级")
    deputy_min_rank: Rank | None = Field(None, description="副组长最低职级")
    required_skills: list[Skill] | None = Field(None, description="必须覆盖的专长")
    cross_lookback_rounds: int | None = Field(None, ge=0, le=10, description="交叉配对回看轮数")
    recusal: dict[RecusalRule, RecusalSeverity] | None = Field(None, description="回避情形的处理，按情形")


class PlanningRulesOut(Schema):
    jurisdiction_id: int
    inherited: bool = Field(description="本级未单独设置组建规则，沿用上级或系统默认值")
    team_size_min: int
    team_size_max: int
    deputies_max: int
    leader_min_rank: str
    deputy_min_rank: str
    required_skills: list[str]
    cross_lookback_rounds: int
    recusal: dict[str, str]


def _planning_rules(jurisdiction: Jurisdiction) -> dict[str, Any]:
    policy = PlanningPolicy.effective_for(jurisdiction)
    return {
        "jurisdiction_id": jurisdiction.pk, "inherited": policy.jurisdiction_id != jurisdiction.pk or policy.pk is None,
        **{f: getattr(policy, f) for f in POLICY_FIELDS if f != "required_skills"},
        "required_skills": policy.required_skill_codes,
        "recusal": dict(RecusalPolicy.effective_for(jurisdiction)),
    }


@router.get("/jurisdictions/{jurisdiction_id}/planning-rules", response=PlanningRulesOut,
            summary="组建和回避规则（含继承）")
def planning_rules_detail(request: HttpRequest, jurisdiction_id: Id) -> dict[str, Any]:
    """The team composition rules and recusal severities in force in the jurisdiction."""
    jurisdiction = selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)
    return _planning_rules(jurisdiction)


@router.put("/jurisdictions/{jurisdiction_id}/planning-rules", response=PlanningRulesOut,
            summary="设置组建和回避规则")
def planning_rules_update(request: HttpRequest, jurisdiction_id: Id, payload: PlanningRulesIn) -> dict[str, Any]:
    """Only the system administrator of this jurisdiction or one above it (the same service as the
    planning-rules page). Audited as ``config.planning_rules``."""
    actor = actor_of(request)
    jurisdiction = selectors.jurisdiction_get(actor=actor, pk=jurisdiction_id)
    current = _planning_rules(jurisdiction)
    given = payload.model_dump(exclude_none=True)
    policy = {f: given.get(f, current[f]) for f in POLICY_FIELDS}
    policy["required_skills"] = ",".join(str(s) for s in policy["required_skills"])
    planning_rules_save(actor=actor, jurisdiction=jurisdiction, severities={str(k): str(v) for k, v in
                                                                            given.get("recusal", {}).items()},
                        policy={k: str(v) if k.endswith("_rank") else v for k, v in policy.items()})
    return _planning_rules(jurisdiction)
