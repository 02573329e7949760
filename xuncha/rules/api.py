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


def _planning_rules(jurisdiction: Any) -> dict[str, Any]:
    policy = PlanningPolicy.effective_for(jurisdiction)
    return {
        "jurisdiction_id": jurisdiction.pk,
        "inherited": policy.jurisdiction_id != jurisdiction.pk or policy.pk is None,
        **{f: getattr(policy, f) for f in services.POLICY_FIELDS if f != "required_skills"},
        "required_skills": policy.required_skill_codes,
        "recusal": dict(RecusalPolicy.effective_for(jurisdiction)),
    }


@router.get("/jurisdictions/{jurisdiction_id}/planning-rules", response=PlanningRulesOut,
            summary="组建和回避规则（含继承）")
def planning_rules_detail(request: HttpRequest, jurisdiction_id: Id) -> dict[str, Any]:
    """The team composition rules and recusal severities in force in the jurisdiction."""
    jurisdiction = org_selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)
    return _planning_rules(jurisdiction)


@router.put("/jurisdictions/{jurisdiction_id}/planning-rules", response=PlanningRulesOut,
            summary="设置组建和回避规则")
def planning_rules_update(request: HttpRequest, jurisdiction_id: Id, payload: PlanningRulesIn) -> dict[str, Any]:
    """Only the system administrator of this jurisdiction or one above it (the same service as the
    planning-rules page). Audited as ``config.planning_rules``."""
    actor = actor_of(request)
    jurisdiction = org_selectors.jurisdiction_get(actor=actor, pk=jurisdiction_id)
    current = _planning_rules(jurisdiction)
    given = payload.model_dump(exclude_none=True)
    policy = {f: given.get(f, current[f]) for f in services.POLICY_FIELDS}
    policy["required_skills"] = ",".join(str(s) for s in policy["required_skills"])
    services.planning_rules_save(
        actor=actor, jurisdiction=jurisdiction,
        severities={str(k): str(v) for k, v in given.get("recusal", {}).items()},
        policy={k: str(v) if k.endswith("_rank") else v for k, v in policy.items()})
    return _planning_rules(jurisdiction)
