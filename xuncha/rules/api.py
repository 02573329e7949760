"""API of the rules set per jurisdiction: time limits (期限参数), inherited down the tree."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from xuncha.core.api import actor_of
from xuncha.core.api.schemas import Id
from xuncha.orgs import selectors as org_selectors
from xuncha.rules import services
from xuncha.rules.models import PlanningPolicy, RecusalPolicy
from xuncha.rules.schemas import PlanningRulesIn, PlanningRulesOut, TimeLimitsIn, TimeLimitsOut
from xuncha.rules.selectors import effective_time_limits

router = Router(tags=["期限参数与工作规则"])


@router.get("/jurisdictions/{jurisdiction_id}/time-limits", response=TimeLimitsOut, summary="期限参数（含继承）")
def time_limits_detail(request: HttpRequest, jurisdiction_id: Id) -> dict[str, Any]:
    """The limits in force: the jurisdiction's own, else the nearest superior's, else the defaults."""
    jurisdiction = org_selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)
    return TimeLimitsOut.data(effective_time_limits(jurisdiction))


@router.put("/jurisdictions/{jurisdiction_id}/time-limits", response=TimeLimitsOut, summary="设置期限参数")
def time_limits_update(request: HttpRequest, jurisdiction_id: Id, payload: TimeLimitsIn) -> dict[str, Any]:
    """Only the system administrator of this jurisdiction or one above it. Fields left out keep the value
    in force, so the first write gives the jurisdiction its own limits. Audited as ``config.time_limits``."""
    actor = actor_of(request)
    jurisdiction = org_selectors.jurisdiction_get(actor=actor, pk=jurisdiction_id)
    services.time_limits_set(actor=actor, jurisdiction=jurisdiction,
                             values=payload.model_dump(exclude_none=True))
    return TimeLimitsOut.data(effective_time_limits(jurisdiction))


@router.get("/jurisdictions/{jurisdiction_id}/planning-rules", response=PlanningRulesOut,
            summary="组建与回避规则（含继承）")
def planning_rules_detail(request: HttpRequest, jurisdiction_id: Id) -> dict[str, Any]:
    """The recusal severities and team composition rules in force: the jurisdiction's own, else the nearest
    superior's, else the defaults."""
    jurisdiction = org_selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)
    return PlanningRulesOut.data(jurisdiction, RecusalPolicy.effective_for(jurisdiction),
                                 PlanningPolicy.effective_for(jurisdiction))


@router.put("/jurisdictions/{jurisdiction_id}/planning-rules", response=PlanningRulesOut, summary="设置组建与回避规则")
def planning_rules_update(request: HttpRequest, jurisdiction_id: Id, payload: PlanningRulesIn) -> dict[str, Any]:
    """Only the system administrator of this jurisdiction or one above it (the same service as the
    configuration page). Audited as ``config.planning_rules`` with the changes."""
    actor = actor_of(request)
    jurisdiction = org_selectors.jurisdiction_get(actor=actor, pk=jurisdiction_id)
    severities = {**RecusalPolicy.effective_for(jurisdiction), **(payload.recusal or {})}
    current = PlanningPolicy.effective_for(jurisdiction)
    given = payload.model_dump(exclude_none=True, exclude={"recusal"})
    if "required_skills" in given:
        given["required_skills"] = ",".join(given["required_skills"])
    policy = {f: given.get(f, getattr(current, f)) for f in services.POLICY_FIELDS}
    services.planning_rules_save(actor=actor, jurisdiction=jurisdiction, severities=severities, policy=policy)
    return PlanningRulesOut.data(jurisdiction, RecusalPolicy.effective_for(jurisdiction),
                                 PlanningPolicy.effective_for(jurisdiction))
