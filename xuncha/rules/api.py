"""API of the rules set per jurisdiction: time limits (期限参数), inherited down the tree."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from xuncha.core.api import actor_of
from xuncha.core.api.schemas import Id
from xuncha.orgs import selectors as org_selectors
from xuncha.rules import services
from xuncha.rules.schemas import TimeLimitsIn, TimeLimitsOut
from xuncha.rules.selectors import time_limits_effective

router = Router(tags=["期限参数与工作规则"])


@router.get("/jurisdictions/{jurisdiction_id}/time-limits", response=TimeLimitsOut, summary="期限参数（含继承）")
def time_limits_detail(request: HttpRequest, jurisdiction_id: Id) -> dict[str, Any]:
    """The limits in force: the jurisdiction's own, else the nearest superior's, else the defaults."""
    jurisdiction = org_selectors.jurisdiction_get(actor=actor_of(request), pk=jurisdiction_id)
    return TimeLimitsOut.data(time_limits_effective(jurisdiction))


@router.put("/jurisdictions/{jurisdiction_id}/time-limits", response=TimeLimitsOut, summary="设置期限参数")
def time_limits_update(request: HttpRequest, jurisdiction_id: Id, payload: TimeLimitsIn) -> dict[str, Any]:
    """Only the system administrator of this jurisdiction or one above it. Fields left out keep the value
    in force, so the first write gives the jurisdiction its own limits. Audited as ``config.time_limits``."""
    actor = actor_of(request)
    jurisdiction = org_selectors.jurisdiction_get(actor=actor, pk=jurisdiction_id)
    services.time_limits_set(actor=actor, jurisdiction=jurisdiction,
                             values=payload.model_dump(exclude_none=True))
    return TimeLimitsOut.data(time_limits_effective(jurisdiction))
